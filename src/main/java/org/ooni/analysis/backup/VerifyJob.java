package org.ooni.analysis.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.Warehouse;

/**
 * Checks the last complete manifest of each table against its objects (exists, size, SHA-256 of the bytes) and
 * against the live table (fingerprint per chunk, when the backup came from the same kind of store). Prints one
 * line per chunk that differs and fails when any does. A native backup's folder is checked the same way: its
 * objects (count, total size), the SHA-256 of its {@code .backup} metadata, its base's presence. Chunks of an incremental table that changed since the
 * run show as differing from the live table: that is what the next run would upload.
 */
public final class VerifyJob implements Job {
    private final List<ObjectStore> destinations;
    private final String onlyTable;

    public VerifyJob(List<ObjectStore> destinations, String onlyTable) {
        this.destinations = List.copyOf(destinations);
        this.onlyTable = onlyTable;
    }

    @Override
    public String name() {
        return "verify";
    }

    /** Verify only reads: it runs beside a backup or another verify. */
    @Override
    public boolean leased() {
        return false;
    }

    @Override
    public JobResult run(JobContext ctx) {
        Warehouse w = ctx.warehouse();
        String storeKind = Manifest.storeName(w.kind());
        List<String> lines = new ArrayList<>();
        int differing = 0;
        int checked = 0;
        for (ObjectStore objects : destinations) {
            ManifestStore manifests = new ManifestStore(objects);
            List<String> tables = manifests.runs(onlyTable).stream().map(ManifestStore.RunRef::table).distinct().toList();
            for (String table : tables) {
                Optional<Manifest> last = manifests.latestComplete(table);
                if (last.isEmpty()) {
                    continue;
                }
                Manifest m = last.get();
                boolean live = m.store().equals(storeKind) && w.tableExists(table);
                for (Manifest.Entry e : m.chunks()) {
                    checked++;
                    String problem = check(objects, w, table, e, live);
                    if (problem != null) {
                        differing++;
                        lines.add("DIFFERS " + table + " " + e.key() + ": " + problem);
                        ctx.log().warn("verify " + table + ": " + e.key() + ": " + problem);
                    }
                }
                lines.add(table + ": run " + m.runId() + ", " + m.chunks().size() + " chunks checked in "
                        + objects.describe() + (live ? " against the live table" : " (objects only)"));
            }
        }
        if (onlyTable != null && checked == 0) {
            lines.add(onlyTable + ": no complete backup found");
        }
        if (differing > 0) {
            lines.forEach(ctx.log()::info);
            throw new SanityCheckFailed("verify: chunks that differ: "
                    + String.join("; ", lines.stream().filter(l -> l.startsWith("DIFFERS")).toList()), "[0, 0]", differing);
        }
        return new JobResult(name(), Outcome.UNCHANGED, checked, null, lines);
    }

    private static String check(ObjectStore objects, Warehouse w, String table, Manifest.Entry e, boolean live) {
        String problem = e.serverBackup() ? NativeBackup.check(objects, e) : checkObject(objects, e);
        if (problem != null) {
            return problem;
        }
        if (live) {
            Fingerprint fp = w.fingerprint(table, e.range());
            if (fp.rows() != e.rows() || !fp.hash().equals(e.fingerprint())) {
                return "live table has " + fp.rows() + " rows (fingerprint " + fp.hash() + "), manifest " + e.rows()
                        + " (" + e.fingerprint() + ")";
            }
        }
        return null;
    }

    /** A CSV chunk's object: exists, has the manifest's size and SHA-256. */
    private static String checkObject(ObjectStore objects, Manifest.Entry e) {
        Optional<ObjectStore.ObjectInfo> head = objects.head(e.key());
        if (head.isEmpty()) {
            return "object missing";
        }
        if (head.get().size() != e.compressedBytes()) {
            return "size " + head.get().size() + " != manifest " + e.compressedBytes();
        }
        MessageDigest sha = ByteTally.sha256();
        try (InputStream in = new DigestInputStream(objects.get(e.key()), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ex) {
            return "cannot read: " + ex.getMessage();
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(e.sha256())) {
            return "SHA-256 " + actual + " != manifest " + e.sha256();
        }
        return null;
    }
}
