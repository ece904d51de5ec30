package org.ooni.analysis.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Counts CSV records in the bytes a reader pulls through it (line ends outside quotes, as {@link org.ooni.analysis.store.CsvRecordCounter}
 * does on the way out), and keeps the first read failure of the stream below: when a store reads this stream on
 * its own, that failure would otherwise reach the caller only as the store's wrapped error.
 */
final class CsvInputCounter extends FilterInputStream {
    private boolean quoted;
    private long records;
    private int last = '\n';
    private IOException failure;

    CsvInputCounter(InputStream in) {
        super(in);
    }

    /**
     * Reads the first record (a header line) byte by byte, so nothing after it is consumed; fails past
     * {@code max} bytes.
     */
    byte[] readFirstRecord(int max) throws IOException {
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        long before = records;
        while (records == before) {
            int b = read();
            if (b < 0) {
                break;
            }
            header.write(b);
            if (header.size() > max) {
                throw new IOException("the header line is longer than " + max + " bytes");
            }
        }
        records = before;
        return header.toByteArray();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | UncheckedIOException e) {
            if (failure == null) {
                failure = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            }
            throw e;
        }
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                records++;
            }
        }
        if (n > 0) {
            last = b[off + n - 1];
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would miss records");
    }

    /** Records read so far, counting a last one without a line end. */
    long records() {
        return records + (last != '\n' ? 1 : 0);
    }

    /** The first failure of the stream below, or null. */
    IOException failure() {
        return failure;
    }
}
