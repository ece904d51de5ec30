package org.ooni.analysis.backup;

import java.io.OutputStream;

/**
 * An object being written: bytes go in through the stream, and the object exists only after {@link #complete()}.
 * {@link #close()} without {@code complete()} aborts, so a failure anywhere leaves no partial object.
 */
public abstract class ObjectUpload extends OutputStream {
    @Override
    public abstract void write(byte[] b, int off, int len);

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Makes the object visible; returns its size in bytes. */
    public abstract long complete();

    /** Drops everything sent so far; safe to call more than once and after a failure. */
    public abstract void abort();

    /** Aborts unless completed. */
    @Override
    public void close() {
        abort();
    }
}
