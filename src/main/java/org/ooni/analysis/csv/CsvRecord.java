package org.ooni.analysis.csv;

/**
 * One CSV record: its fields exactly as they were between the quotes, the line it starts on, and the column
 * (1-based, in characters) where each field starts, so validators can point at the offending field.
 * {@code quoted[i]} says whether field i was quoted: stores mark NULL with an unquoted field (ClickHouse
 * {@code \N}, DuckDB an empty field) that a quoted one of the same text is not.
 */
public record CsvRecord(long line, String[] fields, int[] columns, boolean[] quoted) {
    public boolean isQuoted(int i) {
        return quoted[i];
    }

    public int size() {
        return fields.length;
    }

    public String get(int i) {
        return fields[i];
    }

    /** Column of field {@code i}; fields past the end point just after the last one. */
    public int column(int i) {
        return i < columns.length ? columns[i] : (columns.length == 0 ? 1 : columns[columns.length - 1]);
    }
}
