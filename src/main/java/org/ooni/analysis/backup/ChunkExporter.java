package org.ooni.analysis.backup;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.RowsChanged;
import org.ooni.analysis.store.Warehouse;

/**
 * Exports one chunk: database CSV stream → byte count → zstd → SHA-256 and byte count → (throttle) → S3
 * upload, with no file in between. zstd compresses on worker threads of its own ({@code zstd_workers}, default
 * 1), so that reading and scanning the response on this thread overlaps with compressing it. The fingerprint
 * recorded is the one of the rows streamed ({@link Warehouse#exportCsvWithFingerprint}: ClickHouse hashes the
 * very rows it sends; DuckDB's fingerprint is read before and after and must agree with each other and with the
 * CSV records counted), so an object always holds the rows of its predicate as they were at one moment. A failed
 * attempt aborts its upload and is retried with backoff up to {@code max_attempts} times.
 */
final class ChunkExporter {
    /**
     * The CSV reaches zstd through a buffer of this size: the ClickHouse export writes a record at a time, and each
     * write to the compressor is a call into native code (measured on a 190 MB chunk: 0.84-0.96 CPU-s to scan and
     * compress it with the buffer, 0.91-0.97 without).
     */
    private static final int CSV_BUFFER_BYTES = 128 * 1024;
    private final Warehouse warehouse;
    private final ObjectStore objects;
    private final BackupSettings settings;
    private final Log log;
    private final Metrics metrics;
    private final Sleeper sleeper;

    /** Waits between attempts and chunks; tests pass a no-op. */
    interface Sleeper {
        void sleep(Duration d);
    }

    ChunkExporter(Warehouse warehouse, ObjectStore objects, BackupSettings settings, Log log, Metrics metrics,
                  Sleeper sleeper) {
        this.warehouse = warehouse;
        this.objects = objects;
        this.settings = settings;
        this.log = log;
        this.metrics = metrics;
        this.sleeper = sleeper;
    }

    /**
     * Uploads the chunk's rows as they are now; null when the chunk has no rows any more (nothing is uploaded).
     * The entry's fingerprint is the one of the rows streamed ({@link Warehouse#exportCsvWithFingerprint}).
     */
    Manifest.Entry export(String table, ChunkPlanner.Chunk chunk, String runId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(table, chunk, runId);
            } catch (RuntimeException e) {
                if (attempt >= settings.maxAttempts() || !retryable(e)) {
                    throw named(table, chunk, attempt, e);
                }
                Duration wait = Duration.ofMillis(settings.retryBackoffMs() << (attempt - 1));
                log.warn("backup " + table + ": " + chunk.key() + ": attempt " + attempt + " failed ("
                        + e.getMessage() + "); retrying in " + wait.toMillis() + " ms");
                metrics.increment("chunk_retries");
                sleeper.sleep(wait);
            }
        }
    }

    /** Wrong credentials or a missing bucket will not fix themselves: the failure says so ({@link S3Failures}). */
    static boolean retryable(RuntimeException e) {
        return !(e instanceof SourceUnavailable s) || s.retryable();
    }

    /**
     * The last failure of a chunk, naming the table, the chunk and its rows: a store's own message says only which
     * server and query failed. S3 failures already name the chunk's object key, which holds both.
     */
    static RuntimeException named(String table, ChunkPlanner.Chunk chunk, int attempts, RuntimeException e) {
        String name = chunk.key().substring(chunk.key().lastIndexOf('/') + 1).replace(".csv.zstd", "");
        String what = "backup of " + table + " chunk " + name + " (" + (chunk.range() == null ? "all rows"
                : "rows with " + chunk.range()) + "), " + attempts + (attempts == 1 ? " attempt: " : " attempts: ");
        if (e instanceof RowsChanged) {
            return new SourceUnavailable(table + " " + chunk.key(), e.getMessage() + " (" + attempts + " attempts)");
        }
        return e instanceof StoreError ? new StoreError(what + e.getMessage(), e) : e;
    }

    private Manifest.Entry attempt(String table, ChunkPlanner.Chunk chunk, String runId) {
        long start = System.nanoTime();
        try (ObjectUpload upload = objects.startUpload(chunk.key(), Map.of("run-id", runId))) {
            ByteTally compressed = new ByteTally(settings.bandwidthBytesPerSecond() > 0
                    ? new Throttle(upload, settings.bandwidthBytesPerSecond()) : upload, true);
            ByteTally csv;
            Fingerprint streamed;
            try (ZstdOutputStream zstd = new ZstdOutputStream(compressed, settings.zstdLevel())) {
                if (settings.zstdWorkers() > 0) {
                    zstd.setWorkers(settings.zstdWorkers());
                }
                csv = new ByteTally(new BufferedOutputStream(zstd, CSV_BUFFER_BYTES), false);
                streamed = warehouse.exportCsvWithFingerprint(table, chunk.range(), csv);
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long rows = streamed.rows();
            if (rows == 0) {
                return null; // closing the upload without completing it aborts it
            }
            long size = upload.complete();
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            metrics.record("upload_to_s3", Duration.ofNanos(System.nanoTime() - start));
            log.info("backup " + table + ": uploaded " + chunk.key() + ": " + rows + " rows, " + csv.bytes()
                    + " bytes CSV, " + size + " bytes zstd, " + ms + " ms");
            return new Manifest.Entry(chunk.key(), chunk.range() == null ? "" : chunk.range().toString(), chunk.range(),
                    rows, csv.bytes(), size, compressed.sha256Hex(), streamed.hash(), runId);
        }
    }
}
