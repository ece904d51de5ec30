package org.ooni.analysis.backup;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.ooni.analysis.csv.CsvReader;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.job.DebugPauses;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.store.CsvBulkInsert;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Restores one table from a run's manifest: reads each chunk object (S3 GET → SHA-256 → zstd → CSV → insert, no
 * temporary file) into this run's staging table {@code {target}_restoring_{run id}}, checks per chunk the object's SHA-256, its rows
 * and, into the same kind of store, the store's fingerprint of the loaded rows against the manifest's; only then
 * swaps the staging table in. Any difference fails the restore, drops the staging table and leaves the target as
 * it was. The staging table is the recorded DDL with only its name changed (same kind of store) or the column
 * types mapped by {@link CrossStoreTypes} (the other kind; a column it cannot map refuses the restore before
 * anything is loaded). The target must be absent or empty. Right before the swap the run checks that it still holds
 * the restore lease; staging tables of dead restores are dropped before this run creates its own.
 */
public final class RestoreJob implements Job {
    /** This run's staging table is {@code <target>_restoring_<run id>}. */
    static final String RESTORING = "_restoring_";
    private static final Pattern LEFTOVER = Pattern.compile(".+" + RESTORING + "[0-9a-f]{12}");

    private final ObjectStore objects;
    private final String table;
    private final String into;
    private final String runId;

    public RestoreJob(ObjectStore objects, String table, String into, String runId) {
        this.objects = objects;
        this.table = table;
        this.into = into == null ? table : into;
        this.runId = runId;
    }

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public JobResult run(JobContext ctx) {
        ManifestStore manifests = new ManifestStore(objects);
        Manifest m = (runId == null ? manifests.latestComplete(table) : manifests.run(table, runId))
                .orElseThrow(() -> new UsageError("no complete backup of " + table + (runId == null ? "" : " with run "
                        + runId) + " in " + objects.describe()));
        Warehouse w = ctx.warehouse();
        if (!into.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UsageError("restore target " + into + " is not a plain identifier");
        }
        if (w.tableExists(into) && w.countRows(into) > 0) {
            throw new UsageError("restore target " + into + " exists and is not empty; use --into NEW_TABLE");
        }
        if (NativeBackup.isNative(m)) {
            return NativeRestore.run(ctx, objects, m, into, ChunkKeys.manifest(table, m.runId()));
        }
        String staging = into + RESTORING + ctx.runId();
        RestoreTarget target = RestoreTarget.plan(m, w.kind(), w.version(), staging,
                objects.describe() + ChunkKeys.manifest(table, m.runId()));
        ctx.log().info("restore " + table + ": run " + m.runId() + " (" + m.chunks().size() + " chunks, " + m.rows()
                + " rows, from " + m.store() + ") into " + into + " on " + w.describe());
        if (ctx.dryRun()) {
            return new JobResult(name(), Outcome.DRY_RUN, m.rows(), m.runId(), List.of("would restore " + m.rows()
                    + " rows of " + table + " run " + m.runId() + " into " + into));
        }
        dropLeftovers(ctx, w, staging, into + "_restoring");
        w.createTableFromDdl(staging, target.ddl());
        try {
            long rows = 0;
            for (Manifest.Entry e : m.chunks()) {
                rows += restoreChunk(ctx, w, staging, target, e);
            }
            if (rows != m.rows()) {
                throw new SanityCheckFailed("restore " + table + ": rows", "[" + m.rows() + ", " + m.rows() + "]", rows);
            }
            DebugPauses pauses = ctx.config().section("debug", DebugPauses.class);
            DebugPauses.pause(ctx.log(), name(), "after loading " + staging, pauses.pauseAfterLoadSeconds());
            DebugPauses.pause(ctx.log(), name(), "before the swap", pauses.pauseBeforeSwapSeconds());
            ctx.confirmLease().run();
            w.swap(List.of(new SwapPair(staging, into)));
            w.dropTableIfExists(staging);
            ctx.log().info("restore " + table + ": swapped " + staging + " into " + into);
            List<String> summary = List.of("restored " + rows + " rows of " + table + " (run " + m.runId() + ", "
                    + m.chunks().size() + " chunks) into " + into + (target.sameKind()
                    ? ", table recreated from the recorded DDL, fingerprints checked"
                    : ", column types mapped from " + m.store() + ", row counts and SHA-256 checked (fingerprints"
                    + " differ between store kinds)"));
            return new JobResult(name(), Outcome.UPDATED, rows, m.runId(), summary);
        } catch (RuntimeException e) {
            w.dropTableIfExists(staging);
            throw e;
        }
    }

    /** Whether {@code table} is a restore's staging table by its name ({@code <target>_restoring_<run id>}). */
    public static boolean isStaging(String table) {
        return LEFTOVER.matcher(table).matches();
    }

    /**
     * Drops the staging tables of restores that are no longer alive: this run holds the restore lease of the store,
     * so no other restore runs, and no other job names a table {@code *_restoring_<run id>}. {@code <target>_restoring}
     * is this target's staging table in versions before per-run names (which dropped it too).
     */
    private static void dropLeftovers(JobContext ctx, Warehouse w, String own, String legacy) {
        for (String t : w.listTables()) {
            if (!t.equals(own) && (LEFTOVER.matcher(t).matches() || t.equals(legacy))) {
                w.dropTableIfExists(t);
                ctx.log().info("restore: dropped " + t + ", left by a run that is no longer alive");
            }
        }
    }

    private long restoreChunk(JobContext ctx, Warehouse w, String staging, RestoreTarget target, Manifest.Entry e) {
        long start = System.nanoTime();
        String where = objects.describe() + e.key();
        long inserted;
        MessageDigest sha = ByteTally.sha256();
        // same store kind: the object's CSV is what this store exported, so it loads as it is
        CsvBulkInsert bulk = target.streamAsIs() && w instanceof CsvBulkInsert b ? b : null;
        try (InputStream raw = objects.get(e.key());
             DigestInputStream digest = new DigestInputStream(raw, sha)) {
            inserted = bulk != null ? loadDirect(bulk, staging, target.columns(), digest, where, e.sha256())
                    : loadText(w, staging, target, digest, where);
        } catch (IOException ex) {
            throw new InvalidInput(where, 0, 0, "cannot read the object: " + ex.getMessage());
        } catch (UncheckedIOException ex) {
            throw new InvalidInput(where, 0, 0, "cannot read the object: " + ex.getCause().getMessage());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(e.sha256())) {
            throw new InvalidInput(where, 0, 0, "SHA-256 " + actual + " differs from the manifest's " + e.sha256()
                    + "; the object is corrupt, nothing was restored");
        }
        if (inserted != e.rows()) {
            throw new SanityCheckFailed("restore " + e.key() + ": rows", "[" + e.rows() + ", " + e.rows() + "]", inserted);
        }
        if (target.sameKind()) {
            Fingerprint fp = w.fingerprint(staging, e.range());
            if (fp.rows() != e.rows() || !fp.hash().equals(e.fingerprint())) {
                throw new SanityCheckFailed("restore " + e.key() + ": fingerprint " + fp.hash() + " differs from the "
                        + "manifest's " + e.fingerprint(), "[" + e.rows() + ", " + e.rows() + "]", fp.rows());
            }
        }
        ctx.log().info("restore " + table + ": " + e.key() + ": " + inserted + " rows, "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms" + (bulk != null ? " (CSV streamed as is)" : ""));
        return inserted;
    }

    private static void checkHeader(CsvRecord header, List<String> columns, String where) {
        if (header == null || !List.of(header.fields()).equals(columns)) {
            throw new InvalidInput(where, 1, 1, "header does not name the manifest's columns " + columns);
        }
    }

    /**
     * S3 bytes → zstd → record count → the store's own CSV insert; returns the data records streamed. The caller
     * checks the SHA-256 after; when the store refuses the text, it is checked here first, so a damaged object is
     * reported as such rather than as the store's parse error.
     */
    private static long loadDirect(CsvBulkInsert bulk, String staging, List<String> columns, DigestInputStream digest,
                                   String where, String expectedSha) throws IOException {
        try (CsvInputCounter counter = new CsvInputCounter(new ZstdInputStream(digest))) {
            byte[] header = counter.readFirstRecord(1 << 20);
            try (CsvReader csv = new CsvReader(new ByteArrayInputStream(header), where)) {
                checkHeader(csv.next(), columns, where);
            }
            try {
                // the store's client closes what it reads; the end of the frame is still to be checked here
                InputStream unclosed = new FilterInputStream(counter) {
                    @Override
                    public void close() {
                    }
                };
                bulk.insertCsvWithNames(staging, columns,
                        new SequenceInputStream(new ByteArrayInputStream(header), unclosed));
            } catch (RuntimeException ex) {
                if (counter.failure() != null) {
                    throw counter.failure();
                }
                digest.transferTo(OutputStream.nullOutputStream());
                String actual = HexFormat.of().formatHex(digest.getMessageDigest().digest());
                if (!actual.equals(expectedSha)) {
                    throw new InvalidInput(where, 0, 0, "SHA-256 " + actual + " differs from the manifest's "
                            + expectedSha + "; the object is corrupt (" + ex.getMessage() + ")");
                }
                throw ex;
            }
            // the store may stop reading at the end of the data; the zstd frame's end must still be read and checked
            if (counter.read() >= 0) {
                throw new InvalidInput(where, 0, 0, "the store stopped reading before the end of the CSV");
            }
            digest.transferTo(OutputStream.nullOutputStream());
            return counter.records();
        }
    }

    /** S3 bytes → zstd → CSV records → values as the target reads them → the store's text insert. */
    private static long loadText(Warehouse w, String staging, RestoreTarget target, DigestInputStream digest,
                                 String where) throws IOException {
        try (CsvReader csv = new CsvReader(new ZstdInputStream(digest), where)) {
            checkHeader(csv.next(), target.columns(), where);
            long rows = w.insertText(staging, target.columns(), new Iterator<>() {
                private CsvRecord next = csv.next();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String[] next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    String[] row = target.values(next, where);
                    next = csv.next();
                    return row;
                }
            });
            digest.transferTo(OutputStream.nullOutputStream());
            return rows;
        }
    }
}
