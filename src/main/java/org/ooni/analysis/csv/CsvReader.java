package org.ooni.analysis.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.ooni.analysis.error.InvalidInput;

/**
 * Streaming RFC 4180 reader for UTF-8 files. Written here rather than taken from Commons CSV because the jobs need
 * what that library does not give: the exact line and column of a byte that is not UTF-8, the start column of every
 * field, field bytes kept exactly as quoted (embedded CRLF included), and over a million rows a second.
 * A leading UTF-8 byte-order mark is skipped. Records end at LF or CRLF; the last one may lack a line end.
 */
public final class CsvReader implements Closeable {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final StrictUtf8Reader chars;
    private final String file;
    private boolean done;

    private final char[] buf = new char[CHUNK];
    private int pos;
    private int limit;

    private long line = 1;
    private int column = 1;
    private boolean first = true;

    private final StringBuilder field = new StringBuilder(128);
    private String[] fields = new String[16];
    private int[] columns = new int[16];
    private boolean[] quoted = new boolean[16];

    public CsvReader(InputStream in, String file) {
        this.in = in;
        this.chars = new StrictUtf8Reader(in);
        this.file = file;
    }

    /** The file name used in error messages. */
    public String file() {
        return file;
    }

    /** Returns the next record, or null at the end of the input. */
    public CsvRecord next() {
        if (first) {
            first = false;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        int c = peek();
        if (c < 0) {
            return null;
        }
        long recordLine = line;
        int n = 0;
        while (true) {
            int fieldColumn = column;
            boolean isQuoted = peek() == '"';
            String value = readField();
            if (n == fields.length) {
                fields = Arrays.copyOf(fields, n * 2);
                columns = Arrays.copyOf(columns, n * 2);
                quoted = Arrays.copyOf(quoted, n * 2);
            }
            fields[n] = value;
            columns[n] = fieldColumn;
            quoted[n] = isQuoted;
            n++;
            int sep = peek();
            if (sep == ',') {
                take();
                continue;
            }
            if (sep == '\r') {
                take();
                if (peek() == '\n') {
                    take();
                }
                newLine();
            } else if (sep == '\n') {
                take();
                newLine();
            }
            // sep < 0: end of input without a final line end.
            return new CsvRecord(recordLine, Arrays.copyOf(fields, n), Arrays.copyOf(columns, n),
                    Arrays.copyOf(quoted, n));
        }
    }

    private String readField() {
        if (peek() == '"') {
            return readQuoted();
        }
        // Fast path: scan the buffer for the end of an unquoted field.
        field.setLength(0);
        while (true) {
            int start = pos;
            while (pos < limit) {
                char ch = buf[pos];
                if (ch == ',' || ch == '\n' || ch == '\r') {
                    break;
                }
                if (ch == '"') {
                    throw new InvalidInput(file, line, column + (pos - start), "quote inside an unquoted field");
                }
                pos++;
            }
            column += pos - start;
            if (pos < limit) {
                if (field.length() == 0) {
                    return new String(buf, start, pos - start);
                }
                field.append(buf, start, pos - start);
                return field.toString();
            }
            field.append(buf, start, pos - start);
            if (!fill()) {
                return field.toString();
            }
        }
    }

    private String readQuoted() {
        long startLine = line;
        int startColumn = column;
        take();
        field.setLength(0);
        while (true) {
            int c = peek();
            if (c < 0) {
                throw new InvalidInput(file, startLine, startColumn, "quoted field is not closed before the end of the file");
            }
            take();
            if (c == '"') {
                if (peek() == '"') {
                    take();
                    field.append('"');
                    continue;
                }
                int after = peek();
                if (after >= 0 && after != ',' && after != '\n' && after != '\r') {
                    throw new InvalidInput(file, line, column, "unexpected character after a closing quote");
                }
                return field.toString();
            }
            field.append((char) c);
            if (c == '\n') {
                newLine();
            }
        }
    }

    private void newLine() {
        line++;
        column = 1;
    }

    private int peek() {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private void take() {
        pos++;
        column++;
    }

    /**
     * Decodes the next chunk. The decoder hands out every character before a bad byte first, so when it fails the
     * reader stands at the bad byte and reports its exact line and column.
     */
    private boolean fill() {
        if (done) {
            return false;
        }
        int n;
        try {
            n = chars.read(buf, 0, buf.length);
        } catch (StrictUtf8Reader.MalformedUtf8 e) {
            throw new InvalidInput(file, line, column, "not valid UTF-8 (byte offset " + e.byteOffset() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos = 0;
        limit = Math.max(n, 0);
        done = n < 0;
        return n > 0;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
