package org.ooni.analysis.store;

/**
 * Counts CSV records in bytes as they pass, without parsing them: a record ends at a line end outside quotes. Works
 * for both stores' dialects: a quote toggles, a doubled quote toggles twice.
 */
public final class CsvRecordScan {
    private boolean quoted;
    private long records;
    private int last = '\n';

    /** Takes the next {@code len} bytes of the stream. */
    public void scan(byte[] b, int off, int len) {
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
    }

    /** Records seen, counting a last one without a line end. */
    public long records() {
        return records + (last != '\n' ? 1 : 0);
    }

    /** Records whose line end has been seen. */
    public long completeRecords() {
        return records;
    }
}
