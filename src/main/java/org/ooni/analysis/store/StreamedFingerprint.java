package org.ooni.analysis.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Takes CSVWithNames whose last column is a per-row hash added by the query, passes the CSV on without that column
 * and adds the hashes up, so an export yields the fingerprint of exactly the rows it sent without a second query.
 *
 * <p>The hash column must be the last field of every record, unquoted decimal digits (ClickHouse's UInt64), and the
 * header's last field must be its name. The sum wraps modulo 2^64 like ClickHouse's {@code sum(UInt64)}, so it
 * equals {@link Warehouse#fingerprint}. Quotes follow RFC 4180 (a doubled quote toggles twice); records end with LF
 * or CRLF outside quotes. Writes may split records and fields anywhere.
 */
final class StreamedFingerprint extends FilterOutputStream {
    private final String hashColumn;
    /** Bytes since the last comma outside quotes in the current record, that comma included: maybe the last field. */
    private byte[] held = new byte[64];
    private int heldLength;
    private boolean quoted;
    private boolean header = true;
    private long rows;
    private long sum;

    StreamedFingerprint(OutputStream out, String hashColumn) {
        super(out);
        this.hashColumn = hashColumn;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        // bytes from pass onwards are not yet written out; from hold onwards they belong to the held field
        int pass = off;
        int hold = heldLength > 0 ? off : -1;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    if (hold >= 0) {
                        out.write(held, 0, heldLength);
                        heldLength = 0;
                        out.write(b, hold, i - hold);
                    } else {
                        out.write(b, pass, i - pass);
                    }
                    pass = i;
                    hold = i;
                } else if (c == '\n') {
                    if (hold < 0) {
                        throw new IOException("CSV record " + (rows + 1) + " has no " + hashColumn + " column");
                    }
                    hold(b, hold, i);
                    endRecord();
                    out.write('\n');
                    pass = i + 1;
                    hold = -1;
                }
            }
        }
        if (hold >= 0) {
            hold(b, hold, end);
        } else if (pass < end) {
            out.write(b, pass, end - pass);
        }
    }

    private void hold(byte[] b, int from, int to) {
        int n = to - from;
        if (heldLength + n > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + n));
        }
        System.arraycopy(b, from, held, heldLength, n);
        heldLength += n;
    }

    /** {@code held} is ",value" or ",value\r": the record's hash, or the header's name for it. */
    private void endRecord() throws IOException {
        byte[] field = held;
        int length = heldLength;
        heldLength = 0;
        int end = length;
        if (end > 1 && field[end - 1] == '\r') {
            end--;
        }
        if (header) {
            String name = new String(field, 1, end - 1, StandardCharsets.UTF_8);
            if (!name.equals(hashColumn) && !name.equals('"' + hashColumn + '"')) {
                throw new IOException("CSV header ends with " + name + ", not " + hashColumn);
            }
            header = false;
        } else {
            long value = 0;
            if (end < 2) {
                throw new IOException("CSV record " + (rows + 1) + " has an empty " + hashColumn);
            }
            for (int i = 1; i < end; i++) {
                int d = field[i] - '0';
                if (d < 0 || d > 9) {
                    throw new IOException("CSV record " + (rows + 1) + ": " + hashColumn + " is not a number");
                }
                value = value * 10 + d; // wraps like UInt64 arithmetic; only the sum mod 2^64 matters
            }
            sum += value;
            rows++;
        }
        if (end < length) {
            out.write('\r');
        }
    }

    /**
     * The fingerprint of the records seen so far. A last record without a line end is not complete; ClickHouse
     * always ends its CSV output with one, so a stream cut short mid-record reads as too few rows.
     */
    Fingerprint fingerprint() {
        return new Fingerprint(rows, Long.toUnsignedString(sum));
    }
}
