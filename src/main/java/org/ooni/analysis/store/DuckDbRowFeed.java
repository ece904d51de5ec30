package org.ooni.analysis.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBWritableVector;
import org.ooni.analysis.error.StoreError;

/**
 * The rows of one {@code insertRows} call as DuckDB pulls them through {@link DuckDbRowSource}: a data chunk of
 * 2,048 rows at a time, string columns handed over a chunk at a time (one JNI call per column). DuckDB may call it
 * on the inserting thread or on one of its own threads (one at a time). A failure of the rows (or a row that does
 * not fit the schema) ends the statement; the original exception is kept so that the caller can rethrow it
 * unchanged instead of DuckDB's rendering of it.
 */
final class DuckDbRowFeed {
    private final String describe;
    private final TableSchema schema;
    private final Iterator<Object[]> rows;
    private final Thread caller;
    // written on whichever thread DuckDB runs the function on, read by the inserting thread afterwards
    private volatile long served;
    private volatile Throwable failure;

    /** The rows of an insert that the calling thread is about to run. */
    DuckDbRowFeed(String describe, TableSchema schema, Iterator<Object[]> rows) {
        this.describe = describe;
        this.schema = schema;
        this.rows = rows;
        this.caller = Thread.currentThread();
    }

    TableSchema schema() {
        return schema;
    }

    /** The number of rows served so far. */
    long served() {
        return served;
    }

    /** What made the statement fail on this side, or null when the rows did not fail. */
    Throwable failure() {
        return failure;
    }

    /** Fills {@code out} with up to a chunk of rows; 0 when there are no more. */
    long apply(DuckDBDataChunkWriter out) {
        try {
            return fill(out);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    private long fill(DuckDBDataChunkWriter out) {
        List<Column> columns = schema.columns();
        int width = columns.size();
        int capacity = (int) out.capacity();
        // DuckDB may run this on one of its own threads: an interrupt of the inserting thread (an abort) or of
        // this one (by the row source itself) ends the insert; the latter is cleared, the thread is DuckDB's
        if (caller.isInterrupted() || (Thread.currentThread() != caller && Thread.interrupted())) {
            throw new StoreError(describe + ": insert into " + schema.name() + " interrupted after " + served
                    + " rows");
        }
        DuckDBWritableVector[] vectors = new DuckDBWritableVector[width];
        String[][] strings = new String[width][];
        for (int c = 0; c < width; c++) {
            vectors[c] = out.vector(c);
            if (isString(columns.get(c).type())) {
                strings[c] = new String[capacity];
            }
        }
        int n = 0;
        while (n < capacity && rows.hasNext()) {
            Object[] row = rows.next();
            if (row.length != width) {
                throw new IllegalArgumentException("row has " + row.length + " values, table " + schema.name()
                        + " has " + width + " columns");
            }
            for (int c = 0; c < width; c++) {
                Object value = row[c];
                if (strings[c] != null) {
                    strings[c][n] = value == null ? null : value.toString();
                } else if (value == null) {
                    vectors[c].setNull(n);
                } else {
                    set(vectors[c], columns.get(c).type(), n, value);
                }
            }
            n++;
        }
        for (int c = 0; c < width; c++) {
            if (strings[c] != null && n > 0) {
                vectors[c].setStrings(0, n == capacity ? strings[c] : Arrays.copyOf(strings[c], n));
            }
        }
        served += n;
        return n;
    }

    private static boolean isString(ColumnType type) {
        return switch (type.kind()) {
            case STRING, FIXED_STRING, ENUM8 -> true;
            default -> false;
        };
    }

    private static void set(DuckDBWritableVector v, ColumnType type, int row, Object value) {
        switch (type.kind()) {
            case UINT8 -> v.setUint8(row, ((Number) value).intValue());
            case UINT32 -> v.setUint32(row, ((Number) value).longValue());
            case INT64 -> v.setLong(row, ((Number) value).longValue());
            case FLOAT32 -> v.setFloat(row, ((Number) value).floatValue());
            case FLOAT64 -> v.setDouble(row, ((Number) value).doubleValue());
            case DATE -> v.setDate(row, (LocalDate) value);
            case DATETIME -> v.setTimestamp(row, LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            case STRING, FIXED_STRING, ENUM8 -> throw new IllegalStateException("strings are set per chunk");
        }
    }
}
