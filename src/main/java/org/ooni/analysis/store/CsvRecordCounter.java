package org.ooni.analysis.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts CSV records as the bytes pass (line ends outside quotes), so an export knows how many rows it sent
 * without parsing them. Works for both stores' dialects: quotes toggle, a doubled quote toggles twice.
 */
public final class CsvRecordCounter extends FilterOutputStream {
    private boolean quoted;
    private long records;
    private long bytes;
    private int last = '\n';

    public CsvRecordCounter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                records++;
            }
        }
        if (len > 0) {
            last = b[off + len - 1];
        }
        bytes += len;
        out.write(b, off, len);
    }

    /** Records seen, counting a last one without a line end. */
    public long records() {
        return records + (last != '\n' ? 1 : 0);
    }

    public long bytes() {
        return bytes;
    }
}
