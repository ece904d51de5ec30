package org.ooni.analysis.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ooni.analysis.store.RowRange;
import org.ooni.analysis.store.TableInfo;

/**
 * What one backup run of one table wrote (JSON, {@code manifests/{table}/{run}.json}): enough to restore the
 * table and to check every object and every chunk against the database. Holds no credentials.
 *
 * @param status   {@code complete}, or {@code partial} in the progress object of a run still going (or dead)
 * @param store    {@code duckdb} or {@code clickhouse}: fingerprints compare only within one kind of store
 * @param baseRun  for an incremental run, the run whose manifest it compared against (null otherwise)
 * @param timeZone the ClickHouse server's time zone, in which the text of a DateTime without its own is written
 *                 (null for DuckDB and for manifests written before it was recorded)
 * @param source   which store the run read ({@link StoreIdentity}); null in manifests written before it was
 *                 recorded (2026-12-08)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int formatVersion, String table, String runId, String status, String mode, String startedAt,
                       String finishedAt, String toolVersion, String store, String destination, TableInfo schema,
                       String chunking, String baseRun, List<Entry> chunks, String timeZone, String source) {
    public static final int FORMAT = 1;

    public Manifest {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    /**
     * One object of the run, or (kind {@code native}) one backup ClickHouse wrote itself.
     *
     * @param key         the object; for a native backup the folder of its objects ({@code key/.backup} and data)
     * @param predicate   the chunk's rows as SQL ({@code range} rendered), for people
     * @param range       the chunk's rows, null for a whole table
     * @param sha256      of the object; for a native backup, of its {@code .backup} metadata object (which holds the
     *                    checksum of every data file)
     * @param fingerprint the database's content fingerprint of the rows; for a native backup, of the whole table
     *                    when it was backed up (the same before and after the BACKUP statement)
     * @param uploadedBy  the run that uploaded this object: this run, or an earlier one for chunks left unchanged
     * @param kind        null for a CSV chunk, {@code native} for ClickHouse's own backup
     * @param baseBackup  native only: the folder of the base backup an incremental one depends on
     * @param objectCount native only: how many objects the backup's folder holds ({@code compressedBytes} their sum)
     * @param database    native only: the database the table was backed up from (RESTORE names it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String key, String predicate, RowRange range, long rows, long uncompressedBytes,
                        long compressedBytes, String sha256, String fingerprint, String uploadedBy, String kind,
                        String baseBackup, Integer objectCount, String database) {
        /** A CSV chunk. */
        public Entry(String key, String predicate, RowRange range, long rows, long uncompressedBytes,
                     long compressedBytes, String sha256, String fingerprint, String uploadedBy) {
            this(key, predicate, range, rows, uncompressedBytes, compressedBytes, sha256, fingerprint, uploadedBy,
                    null, null, null, null);
        }

        /** Whether ClickHouse wrote this backup itself ({@code BACKUP TABLE}), not this tool as CSV. */
        public boolean serverBackup() {
            return "native".equals(kind);
        }
    }

    /** How a manifest names the kind of store it came from. */
    public static String storeName(org.ooni.analysis.store.StoreUrl.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean complete() {
        return "complete".equals(status);
    }

    public long rows() {
        return chunks.stream().mapToLong(Entry::rows).sum();
    }

    public long compressedBytes() {
        return chunks.stream().mapToLong(Entry::compressedBytes).sum();
    }

    public Manifest with(String newStatus, String finished, List<Entry> newChunks) {
        return new Manifest(formatVersion, table, runId, newStatus, mode, startedAt, finished, toolVersion, store,
                destination, schema, chunking, baseRun, newChunks, timeZone, source);
    }
}
