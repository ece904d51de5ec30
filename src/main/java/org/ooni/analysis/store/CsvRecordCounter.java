package org.ooni.analysis.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts CSV records as the bytes pass on the way out ({@link CsvRecordScan}), so an export knows how many rows it
 * sent without parsing them.
 */
public final class CsvRecordCounter extends FilterOutputStream {
    private final CsvRecordScan scan = new CsvRecordScan();
    private long bytes;

    public CsvRecordCounter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        scan.scan(b, off, len);
        bytes += len;
        out.write(b, off, len);
    }

    /** Records seen, counting a last one without a line end. */
    public long records() {
        return scan.records();
    }

    public long bytes() {
        return bytes;
    }
}
