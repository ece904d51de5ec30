package org.ooni.analysis.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ooni.analysis.store.CsvRecordScan;

/**
 * Counts CSV records in the bytes a reader pulls through it ({@link CsvRecordScan}, the scan that
 * {@link org.ooni.analysis.store.CsvRecordCounter} does on the way out), and keeps the first read failure of the
 * stream below: when a store reads this stream on its own, that failure would otherwise reach the caller only as the
 * store's wrapped error.
 */
final class CsvInputCounter extends FilterInputStream {
    private CsvRecordScan scan = new CsvRecordScan();
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
        CsvRecordScan before = scan;
        scan = new CsvRecordScan();
        while (scan.completeRecords() == 0) {
            int b = read();
            if (b < 0) {
                break;
            }
            header.write(b);
            if (header.size() > max) {
                throw new IOException("the header line is longer than " + max + " bytes");
            }
        }
        scan = before;
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
        if (n > 0) {
            scan.scan(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would miss records");
    }

    /** Records read so far, counting a last one without a line end. */
    long records() {
        return scan.records();
    }

    /** The first failure of the stream below, or null. */
    IOException failure() {
        return failure;
    }
}
