package org.ooni.analysis.backup;

/**
 * What a backup run does with one table: ignore it, upload it whole, or upload it in chunks (every run uploads
 * them all for {@code FULL}; only changed ones for {@code INCREMENTAL}), and where to.
 *
 * @param column   the date/time column of month chunks, or the keyset column of pages; null for one whole object
 * @param pageRows rows per keyset page (at least; rows that tie on the last key go in the same page)
 */
public record TablePolicy(String table, Mode mode, String destination, Chunking chunking, String column, long pageRows) {
    /** The three policies of the original tool ({@code partition} there is incremental by month). */
    public enum Mode { IGNORE, FULL, INCREMENTAL }

    /** How a table is cut into objects; AUTO: by month on {@code measurement_start_time} when the table has it, else by keyset pages on its first sort-key column, else whole. */
    public enum Chunking { AUTO, WHOLE, MONTH, KEYSET }
}
