package org.ooni.analysis.backup;

/**
 * What a backup run does with one table: ignore it, upload it whole, upload it in chunks (every run uploads
 * them all for {@code FULL}; only changed ones for {@code INCREMENTAL}), or have ClickHouse back it up itself
 * ({@code NATIVE}), and where to.
 *
 * @param column          the date/time column of month chunks, or the keyset column of pages; null for one whole object
 * @param pageRows        rows per keyset page (at least; rows that tie on the last key go in the same page)
 * @param nativeOnBase    for {@code NATIVE}: runs after the first write an incremental backup on the last base
 *                        instead of a new base each run
 */
public record TablePolicy(String table, Mode mode, String destination, Chunking chunking, String column, long pageRows,
                          boolean nativeOnBase) {
    /**
     * The three policies of the original tool ({@code partition} there is incremental by month), and ClickHouse's
     * own {@code BACKUP TABLE} (the original's {@code action: backup}).
     */
    public enum Mode { IGNORE, FULL, INCREMENTAL, NATIVE }

    /** How a table is cut into objects; AUTO: by month on {@code measurement_start_time} when the table has it, else by keyset pages on its first sort-key column, else whole. */
    public enum Chunking { AUTO, WHOLE, MONTH, KEYSET }

    public TablePolicy(String table, Mode mode, String destination, Chunking chunking, String column, long pageRows) {
        this(table, mode, destination, chunking, column, pageRows, false);
    }
}
