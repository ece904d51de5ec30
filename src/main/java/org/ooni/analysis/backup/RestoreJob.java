package org.ooni.analysis.backup;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.ooni.analysis.csv.CsvReader;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Restores one table from a run's manifest: reads each chunk object (S3 GET → SHA-256 → zstd → CSV → insert, no
 * temporary file) into a staging table {@code {target}_restoring} created from the manifest's column types
 * (mapped to this store's types), checks per chunk the object's SHA-256, its rows and, when the backup came from
 * the same kind of store with the same column types, its fingerprint; only then swaps the staging table in.
 * Any difference fails the restore and leaves the target as it was. The target must be absent or empty.
 */
public final class RestoreJob implements Job {
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
        if (w.tableExists(into) && w.countRows(into) > 0) {
            throw new UsageError("restore target " + into + " exists and is not empty; use --into NEW_TABLE");
        }
        TableSchema schema = schema(m.schema(), into + "_restoring");
        String storeKind = w.describe().startsWith("duckdb:") ? "duckdb" : "clickhouse";
        ctx.log().info("restore " + table + ": run " + m.runId() + " (" + m.chunks().size() + " chunks, " + m.rows()
                + " rows, from " + m.store() + ") into " + into + " on " + w.describe());
        if (ctx.dryRun()) {
            return new JobResult(name(), Outcome.DRY_RUN, m.rows(), m.runId(), List.of("would restore " + m.rows()
                    + " rows of " + table + " run " + m.runId() + " into " + into));
        }
        w.recreateTable(schema);
        boolean sameTypes = false;
        try {
            sameTypes = m.store().equals(storeKind) && w.describeTable(schema.name()).columns().equals(m.schema().columns());
            long rows = 0;
            for (Manifest.Entry e : m.chunks()) {
                rows += restoreChunk(ctx, w, schema, e, sameTypes);
            }
            if (rows != m.rows()) {
                throw new SanityCheckFailed("restore " + table + ": rows", "[" + m.rows() + ", " + m.rows() + "]", rows);
            }
            w.swap(List.of(new SwapPair(schema.name(), into)));
            w.dropTableIfExists(schema.name());
            List<String> summary = List.of("restored " + rows + " rows of " + table + " (run " + m.runId() + ", "
                    + m.chunks().size() + " chunks) into " + into + (sameTypes ? ", fingerprints checked"
                    : ", row counts checked (fingerprints differ between store kinds or column types)"));
            return new JobResult(name(), Outcome.UPDATED, rows, m.runId(), summary);
        } catch (RuntimeException e) {
            w.dropTableIfExists(schema.name());
            throw e;
        }
    }

    static TableSchema schema(TableInfo info, String name) {
        List<Column> columns = new ArrayList<>();
        for (TableInfo.NativeColumn c : info.columns()) {
            try {
                columns.add(new Column(c.name(), TypeMapping.logical(c.type())));
            } catch (IllegalArgumentException e) {
                throw new StoreError("cannot restore column " + c.name() + ": " + e.getMessage());
            }
        }
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> key = info.sortKey().stream().filter(names::contains).toList();
        return new TableSchema(name, columns, key, Engine.MERGE_TREE);
    }

    private long restoreChunk(JobContext ctx, Warehouse w, TableSchema schema, Manifest.Entry e, boolean checkFingerprint) {
        long start = System.nanoTime();
        String where = objects.describe() + e.key();
        long inserted;
        MessageDigest sha = ByteTally.sha256();
        try (InputStream raw = objects.get(e.key());
             DigestInputStream digest = new DigestInputStream(raw, sha);
             CsvReader csv = new CsvReader(new ZstdInputStream(digest), where)) {
            CsvRecord header = csv.next();
            if (header == null || !List.of(header.fields()).equals(schema.columnNames())) {
                throw new InvalidInput(where, 1, 1, "header does not name the manifest's columns " + schema.columnNames());
            }
            CsvRowDecoder decoder = new CsvRowDecoder(schema.columns(), where);
            inserted = w.insertRows(schema, new Iterator<>() {
                private CsvRecord next = csv.next();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Object[] next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    Object[] row = decoder.decode(next);
                    next = csv.next();
                    return row;
                }
            });
            digest.transferTo(java.io.OutputStream.nullOutputStream());
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
        if (checkFingerprint) {
            Fingerprint fp = w.fingerprint(schema.name(), e.range());
            if (fp.rows() != e.rows() || !fp.hash().equals(e.fingerprint())) {
                throw new SanityCheckFailed("restore " + e.key() + ": fingerprint " + fp.hash() + " differs from the "
                        + "manifest's " + e.fingerprint(), "[" + e.rows() + ", " + e.rows() + "]", fp.rows());
            }
        }
        ctx.log().info("restore " + table + ": " + e.key() + ": " + inserted + " rows, "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        return inserted;
    }
}
