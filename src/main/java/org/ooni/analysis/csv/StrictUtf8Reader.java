package org.ooni.analysis.csv;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and refuses anything that is not: an invalid byte sequence fails with a
 * {@link MalformedUtf8} naming the byte, its offset, and the line and column (of characters) where it stands,
 * where {@link java.io.InputStreamReader} would put U+FFFD in its place. The characters before the bad bytes are
 * handed out first and the failure comes with the next read, so a parser reading from here stands at the bad bytes
 * when it fails and knows where it stands (the JSON path, the CSV line and column).
 */
public final class StrictUtf8Reader extends Reader {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private long bytesBefore;
    private boolean endOfInput;
    private boolean flushed;
    private int line = 1;
    private int column = 1;

    public StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                if (out.position() > off) {
                    break; // hand out what came before the bad bytes; the next read fails
                }
                int at = bytes.position();
                throw new MalformedUtf8(String.format("invalid UTF-8: byte 0x%02X at byte offset %d",
                        bytes.get(at) & 0xff, bytesBefore + at), bytesBefore + at, line, column);
            }
            if (result.isOverflow() || out.position() > off) {
                break; // a full buffer, or some characters: hand them out before reading (and maybe failing) on
            }
            // nothing decoded and every whole sequence used up: get more bytes, or finish
            if (endOfInput) {
                if (!flushed) {
                    decoder.flush(out);
                    flushed = true;
                }
                break;
            }
            fill();
        }
        int n = out.position() - off;
        track(cbuf, off, n);
        return n == 0 && endOfInput ? -1 : n;
    }

    /** Counts lines and columns over the characters handed out, so a failure can say where it is. */
    private void track(char[] chars, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (chars[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    /** Keeps the undecoded tail of a sequence that was split between reads, and reads more after it. */
    private void fill() throws IOException {
        bytesBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Leaves the stream open: it belongs to whoever opened it (the parser does not close its source either). */
    @Override
    public void close() {
    }

    /** Invalid UTF-8, with the line and column (1-based, in characters) of the first bad byte. */
    public static final class MalformedUtf8 extends CharConversionException {
        private final long byteOffset;
        private final int line;
        private final int column;

        MalformedUtf8(String message, long byteOffset, int line, int column) {
            super(message);
            this.byteOffset = byteOffset;
            this.line = line;
            this.column = column;
        }

        /** The offset of the first bad byte from the start of the stream. */
        public long byteOffset() {
            return byteOffset;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }
}
