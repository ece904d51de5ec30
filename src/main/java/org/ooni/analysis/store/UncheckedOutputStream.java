package org.ooni.analysis.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Passes bytes on, turning the destination's IOExceptions unchecked so they are not mistaken for the source's. */
final class UncheckedOutputStream extends FilterOutputStream {
    UncheckedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes only: the destination belongs to the caller, who closes it. */
    @Override
    public void close() {
        flush();
    }
}
