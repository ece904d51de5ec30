package org.ooni.analysis.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    private final String file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final CharBuffer chars = CharBuffer.allocate(CHUNK);
    private boolean inputDone;
    private boolean flushed;
    private boolean decodeError;
    private long bytesBefore;

    private char[] buf = chars.array();
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
        this.file = file;
        bytes.flip();
        chars.flip();
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

    /** Decodes the next chunk; reports undecodable bytes at the exact line and column where they stand. */
    private boolean fill() {
        if (decodeError) {
            throw new InvalidInput(file, line, column, "not valid UTF-8 (byte offset " + bytesBefore + ")");
        }
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                if (!inputDone && bytes.remaining() < 4) {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        inputDone = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
                int before = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, inputDone);
                bytesBefore += bytes.position() - before;
                if (result.isError()) {
                    decodeError = true;
                    break;
                }
                if (inputDone && !bytes.hasRemaining()) {
                    CoderResult flush = decoder.flush(chars);
                    flushed = true;
                    if (flush.isError()) {
                        decodeError = true;
                    }
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chars.flip();
        pos = 0;
        limit = chars.limit();
        if (limit == 0) {
            if (decodeError) {
                throw new InvalidInput(file, line, column, "not valid UTF-8 (byte offset " + bytesBefore + ")");
            }
            return false;
        }
        return true;
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
