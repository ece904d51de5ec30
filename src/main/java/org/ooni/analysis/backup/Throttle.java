package org.ooni.analysis.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/** Holds a stream to at most {@code bytesPerSecond} on average (0: no limit) by sleeping the writer. */
final class Throttle extends FilterOutputStream {
    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long bytes;

    Throttle(OutputStream out, long bytesPerSecond) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytes += len;
        if (bytesPerSecond > 0) {
            long dueNanos = bytes * 1_000_000_000L / bytesPerSecond;
            long aheadMs = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
            if (aheadMs > 0) {
                try {
                    Thread.sleep(aheadMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while throttling");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
