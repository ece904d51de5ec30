package org.ooni.analysis.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Drops the {@code \0} escapes that end a TSV field: how ClickHouse prints the NUL padding of FixedString values
 * (a {@code cc} of {@code ZZ} comes out as {@code ZZ\0\0…}). Escapes are read in pairs, so an escaped backslash
 * followed by a {@code 0} is left alone, and a NUL inside a value is kept.
 */
final class TsvPaddingTrimmer extends FilterOutputStream {
    private boolean escape;
    private int pendingNuls;

    TsvPaddingTrimmer(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (escape) {
            escape = false;
            if (b == '0') {
                pendingNuls++;
                return;
            }
            flushPending();
            out.write('\\');
            out.write(b);
            return;
        }
        if (b == '\\') {
            escape = true;
            return;
        }
        if (b == '\t' || b == '\n') {
            pendingNuls = 0;
        } else {
            flushPending();
        }
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void flushPending() throws IOException {
        for (; pendingNuls > 0; pendingNuls--) {
            out.write('\\');
            out.write('0');
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flushPending();
        if (escape) {
            out.write('\\');
        }
        super.close();
    }
}
