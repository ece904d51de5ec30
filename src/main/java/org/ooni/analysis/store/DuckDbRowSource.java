package org.ooni.analysis.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;
import org.duckdb.DuckDBWritableVector;
import org.ooni.analysis.error.StoreError;

/**
 * A DuckDB table function that serves the rows of one {@code insertRows} call, so that the whole insert is one
 * {@code INSERT … SELECT} statement. DuckDB pulls a data chunk (2,048 rows) at a time, on the calling thread or
 * one of its worker threads (one at a time), and writes row groups as they fill; the appender instead ran a query
 * per chunk to flush it, which cost about a third of the insert's time. String columns are handed over a chunk at
 * a time, one JNI call per column.
 *
 * <p>One instance is registered per connection under a name of its own and serves one insert at a time. A
 * failure of the row source (or a row that does not fit the schema) ends the statement; the original exception
 * is kept here so the caller can rethrow it unchanged instead of DuckDB's rendering of it.
 */
final class DuckDbRowSource implements DuckDBTableFunction<Object, Object, Object> {
    private final String describe;
    private TableSchema schema;
    private Iterator<Object[]> rows;
    private Thread caller;
    private long served;
    private Throwable failure;

    DuckDbRowSource(String describe) {
        this.describe = describe;
    }

    /** Makes {@code rows} what the next statement reads; {@link #finish} ends it. */
    void start(TableSchema schema, Iterator<Object[]> rows) {
        this.schema = schema;
        this.rows = rows;
        this.caller = Thread.currentThread();
        this.served = 0;
        this.failure = null;
    }

    /** The number of rows served; drops the references to the insert's rows. */
    long finish() {
        this.schema = null;
        this.rows = null;
        this.caller = null;
        return served;
    }

    /** What made the statement fail on this side, or null when the source did not fail. */
    Throwable failure() {
        return failure;
    }

    @Override
    public Object bind(DuckDBTableFunctionBindInfo info) {
        if (schema == null) {
            throw new IllegalStateException("no insert in progress");
        }
        for (Column c : schema.columns()) {
            info.addResultColumn(c.name(), duckDbType(c.type()));
        }
        return schema;
    }

    @Override
    public Object init(DuckDBTableFunctionInitInfo info) {
        // one source, read in order: the rows land in the table in the order the iterator gave them
        info.setMaxThreads(1);
        return schema;
    }

    @Override
    public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
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

    /** The type a column has in the function's result: the one the table has, so nothing is cast. */
    private static DuckDBColumnType duckDbType(ColumnType type) {
        return switch (type.kind()) {
            case STRING, FIXED_STRING, ENUM8 -> DuckDBColumnType.VARCHAR;
            case UINT8 -> DuckDBColumnType.UTINYINT;
            case UINT32 -> DuckDBColumnType.UINTEGER;
            case INT64 -> DuckDBColumnType.BIGINT;
            case FLOAT32 -> DuckDBColumnType.FLOAT;
            case FLOAT64 -> DuckDBColumnType.DOUBLE;
            case DATE -> DuckDBColumnType.DATE;
            case DATETIME -> DuckDBColumnType.TIMESTAMP;
        };
    }
}
