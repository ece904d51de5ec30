package org.ooni.analysis.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One batch of rows rendered as ClickHouse TabSeparated input, held in memory until it is sent.
 * The caller bounds its size (rows and bytes), so an insert of any length needs one batch of memory.
 */
final class TsvBatch {
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final List<Column> columns;
    private final Buffer bytes = new Buffer();
    private final Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
    private int rows;

    TsvBatch(List<Column> columns) {
        this.columns = columns;
    }

    /** Renders one row; a value that the column cannot hold is an {@link IllegalArgumentException}. */
    void add(Object[] row) {
        try {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.write('\t');
                }
                writeValue(columns.get(i), row[i]);
            }
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders one row of values already in the server's text form as TabSeparated, NULL as {@code \N}. A value of
     * a {@code raw} column (an array, tuple or map) goes as it is: ClickHouse reads such a value's text inside a
     * TabSeparated field without unescaping it first (its strings carry their own escapes).
     */
    void addText(String[] row, boolean[] raw) {
        try {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.write('\t');
                }
                if (raw[i] && row[i] != null) {
                    out.write(row[i]);
                } else {
                    TextFormats.writeTsvField(out, row[i]);
                }
            }
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeValue(Column column, Object value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("column " + column.name() + " is null; columns are NOT NULL");
        }
        switch (column.type().kind()) {
            case STRING, FIXED_STRING, ENUM8 -> TextFormats.writeTsvField(out, value.toString());
            case UINT8 -> out.write(Long.toString(inRange(column, (Number) value, 255)));
            case UINT32 -> out.write(Long.toString(inRange(column, (Number) value, UINT32_MAX)));
            case INT64 -> out.write(Long.toString(((Number) value).longValue()));
            case FLOAT32 -> out.write(floatText(((Number) value).floatValue()));
            case FLOAT64 -> out.write(floatText(((Number) value).doubleValue()));
            case DATE -> out.write(((LocalDate) value).toString());
            case DATETIME -> out.write(DATETIME.format((Instant) value));
        }
    }

    private static long inRange(Column column, Number value, long max) {
        long v = value.longValue();
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("column " + column.name() + ": " + v + " is outside 0.." + max);
        }
        return v;
    }

    // Java spells the special values NaN and Infinity; ClickHouse reads nan and inf.
    private static String floatText(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    private static String floatText(float v) {
        return Float.isNaN(v) || Float.isInfinite(v) ? floatText((double) v) : Float.toString(v);
    }

    int rows() {
        return rows;
    }

    long sizeInBytes() {
        flush();
        return bytes.size();
    }

    /** The rendered rows, without a copy; valid until {@link #clear}. */
    InputStream content() {
        flush();
        return bytes.view();
    }

    void clear() {
        flush();
        bytes.reset();
        rows = 0;
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A byte buffer that can be read back in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1 << 20);
        }

        InputStream view() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
