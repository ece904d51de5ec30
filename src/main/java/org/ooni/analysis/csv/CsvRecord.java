package org.ooni.analysis.csv;

/**
 * One CSV record: its fields exactly as they were between the quotes, the line it starts on, and the column
 * (1-based, in characters) where each field starts, so validators can point at the offending field.
 */
public record CsvRecord(long line, String[] fields, int[] columns) {
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
