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
    private boolean midRecord;
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

    /**
     * Writes on whole runs of bytes, not per field: each write to the next stream may be a call into zstd's native
     * code, so a write per field would cost more than the rest of the export.
     */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int pass = off; // b[pass..] is not written out yet
        int hold = heldLength > 0 ? off : -1; // b[hold..] is part of the held field, when there is one
        for (int i = off; i < end; i++) {
            if (quoted) {
                // inside quotes only the closing quote matters; a tight loop here roughly halves the scan's cost
                // (ClickHouse quotes every string)
                while (i < end && b[i] != '"') {
                    i++;
                }
                if (i == end) {
                    break;
                }
                quoted = false;
                continue;
            }
            byte c = b[i];
            if (c == '"') {
                quoted = true;
            } else {
                if (c == ',') {
                    if (heldLength > 0) { // a field begun in an earlier write was not the last one after all
                        out.write(held, 0, heldLength);
                        heldLength = 0;
                    }
                    hold = i;
                } else if (c == '\n') {
                    if (hold < 0) {
                        throw new IOException("CSV record " + (rows + 1) + " has no " + hashColumn + " column");
                    }
                    out.write(b, pass, hold - pass);
                    boolean crlf = endRecord(b, hold, i);
                    // the line end goes out with the next run; a CR in the held bytes of an earlier write goes now
                    pass = crlf && i > hold ? i - 1 : i;
                    if (crlf && i == hold) {
                        out.write('\r');
                    }
                    hold = -1;
                }
            }
        }
        if (hold >= 0) {
            out.write(b, pass, hold - pass);
            keep(b, hold, end);
        } else {
            out.write(b, pass, end - pass);
        }
        if (len > 0) {
            midRecord = b[end - 1] != '\n' || quoted;
        }
    }

    private void keep(byte[] b, int from, int to) {
        int n = to - from;
        if (heldLength + n > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + n));
        }
        System.arraycopy(b, from, held, heldLength, n);
        heldLength += n;
    }

    /**
     * The last field is the held bytes of earlier writes followed by {@code b[from..to)}, starting with its comma:
     * the record's hash, or the header's name for it. Returns whether it ends with a CR (a CRLF line end).
     */
    private boolean endRecord(byte[] b, int from, int to) throws IOException {
        if (heldLength > 0) {
            keep(b, from, to);
            b = held;
            from = 0;
            to = heldLength;
            heldLength = 0;
        }
        boolean crlf = to - from > 1 && b[to - 1] == '\r';
        int last = crlf ? to - 1 : to;
        if (header) {
            String name = new String(b, from + 1, last - from - 1, StandardCharsets.UTF_8);
            if (!name.equals(hashColumn) && !name.equals('"' + hashColumn + '"')) {
                throw new IOException("CSV header ends with " + name + ", not " + hashColumn);
            }
            header = false;
            return crlf;
        }
        if (last - from < 2) {
            throw new IOException("CSV record " + (rows + 1) + " has an empty " + hashColumn);
        }
        long value = 0;
        for (int i = from + 1; i < last; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("CSV record " + (rows + 1) + ": " + hashColumn + " is not a number");
            }
            value = value * 10 + d; // wraps like UInt64 arithmetic; only the sum mod 2^64 matters
        }
        sum += value;
        rows++;
        return crlf;
    }

    /**
     * The fingerprint of every record, once the stream has ended. A stream that stops inside a record (cut short, or
     * with a server's error text after the last line end) has no trustworthy fingerprint, so that is an error.
     */
    Fingerprint finish() throws IOException {
        if (header) {
            throw new IOException("the CSV ended before its header line was complete");
        }
        if (quoted || heldLength > 0 || midRecord) {
            throw new IOException("the CSV ended inside record " + (rows + 1) + " (" + rows + " complete rows)");
        }
        return new Fingerprint(rows, Long.toUnsignedString(sum));
    }
}
