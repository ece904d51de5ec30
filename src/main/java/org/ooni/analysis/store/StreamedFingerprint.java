package org.ooni.analysis.store;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Takes CSVWithNames whose last column is a per-row hash added by the query, passes the CSV on without that column
 * and adds the hashes up, so an export yields the fingerprint of exactly the rows it sent without a second query.
 *
 * <p>The hash column must be the last field of every record, unquoted decimal digits (ClickHouse's UInt64), and the
 * header's last field must be its name. The sum wraps modulo 2^64 like ClickHouse's {@code sum(UInt64)}, so it
 * equals {@link Warehouse#fingerprint}. Quotes follow RFC 4180 (a doubled quote toggles twice); records end with LF
 * or CRLF outside quotes. Writes may split records and fields anywhere.
 *
 * <p>Only quotes and line ends matter to find where records end: the hash is then read backwards from each record's
 * line end, so commas are never looked at on the way. The scan reads eight bytes at a time and works out which line
 * ends are outside quotes with bit operations (a running parity of the quotes), without a branch per byte: on the
 * production fastpath table (about 130 quotes per 600-byte row: every string is quoted, JSON inside doubles its own)
 * a byte-at-a-time scan mispredicted its branches often enough to be most of the backup's own CPU time.
 */
final class StreamedFingerprint extends FilterOutputStream {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = ONES * '"';
    private static final long NEWLINES = ONES * '\n';
    /** A UInt64 has at most 20 digits: a comma, 20 digits and a CR are the most a last field can hold back. */
    private static final int MAX_HELD = 22;
    private static final int MAX_HEADER = 1 << 20;
    /** The size of the writes to the next stream: as large as the buffer in front of zstd, so it passes them on. */
    private static final int OUT_BUFFER = 128 * 1024;

    private final String hashColumn;
    private final byte[] outBuffer = new byte[OUT_BUFFER];
    private int outLength;
    private ByteArrayOutputStream header = new ByteArrayOutputStream();
    /** A comma and digits (maybe a CR) outside quotes at the end of the last write: maybe the record's hash. */
    private final byte[] held = new byte[MAX_HELD];
    private int heldLength;
    private boolean quoted;
    private boolean midRecord;
    /** Where the current record starts in the current write, or -1 when it began in an earlier write. */
    private int recordStart;
    private long rows;
    private long sum;
    // per write: b[pass..] is not passed on yet
    private int pass;

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
        if (len <= 0) {
            return;
        }
        int end = off + len;
        int i = off;
        if (header != null) {
            i = readHeader(b, off, end);
            if (i == end) {
                return;
            }
        }
        pass = i;
        recordStart = midRecord ? -1 : i;
        if (heldLength > 0) {
            i = continueHeld(b, i, end);
            if (i < 0) {
                return;
            }
        }
        scan(b, i, end);
        int tail = quoted ? end : candidateStart(b, end);
        emit(b, pass, tail - pass);
        for (int k = tail; k < end; k++) {
            held[heldLength++] = b[k];
        }
        midRecord = quoted || b[end - 1] != '\n';
    }

    /** Finds the line ends outside quotes in b[from..end) and ends a record at each. */
    private void scan(byte[] b, int from, int end) throws IOException {
        int i = from;
        boolean q = quoted;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long quotes = zeroBytes(w ^ QUOTES);
            long newlines = zeroBytes(w ^ NEWLINES);
            if ((quotes | newlines) == 0) {
                continue;
            }
            long ends;
            if (newlines == 0) {
                q ^= (Long.bitCount(quotes) & 1) != 0; // no line end here: only the parity carries on
                continue;
            } else if (quotes == 0) {
                if (q) {
                    continue;
                }
                ends = newlines;
            } else {
                // bit 8k is 1 when byte k is inside quotes: the parity of the quotes up to it, carried in
                long parity = quotes >>> 7;
                parity ^= parity << 8;
                parity ^= parity << 16;
                parity ^= parity << 32;
                if (q) {
                    parity ^= ONES;
                }
                ends = newlines & ~(parity << 7);
                q = (parity >>> 56 & 1) != 0;
            }
            while (ends != 0) {
                endRecord(b, i + (Long.numberOfTrailingZeros(ends) >>> 3));
                ends &= ends - 1;
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                q = !q;
            } else if (c == '\n' && !q) {
                endRecord(b, i);
            }
        }
        quoted = q;
    }

    /** High bit set in each byte of x that is zero, exactly (no false positives from borrows). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** The record ending with the LF at b[lf]: reads its hash backwards, passes on what precedes the hash's comma. */
    private void endRecord(byte[] b, int lf) throws IOException {
        int lineEnd = lf > pass && b[lf - 1] == '\r' ? lf - 1 : lf;
        int j = lineEnd - 1;
        while (j >= pass && isDigit(b[j])) {
            j--;
        }
        if (j < pass || b[j] != ',') {
            throw new IOException(j >= pass && b[j] != ',' && !hasFieldSeparator(b, lf)
                    ? "CSV record " + (rows + 1) + " has no " + hashColumn + " column"
                    : "CSV record " + (rows + 1) + ": " + hashColumn + " is not a number");
        }
        add(b, j + 1, lineEnd);
        emit(b, pass, j - pass);
        pass = lineEnd; // the line end goes out with the next run
        recordStart = lf + 1;
    }

    /** Whether the record ending at b[lf] has a comma outside quotes; false when it began in an earlier write. */
    private boolean hasFieldSeparator(byte[] b, int lf) {
        if (recordStart < 0) {
            return true;
        }
        boolean q = false;
        for (int i = recordStart; i < lf; i++) {
            if (b[i] == '"') {
                q = !q;
            } else if (b[i] == ',' && !q) {
                return true;
            }
        }
        return false;
    }

    private void add(byte[] b, int from, int to) throws IOException {
        if (to == from) {
            throw new IOException("CSV record " + (rows + 1) + " has an empty " + hashColumn);
        }
        if (to - from > 20) {
            throw new IOException("CSV record " + (rows + 1) + ": " + hashColumn + " is not a number");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (b[i] - '0'); // wraps like UInt64 arithmetic; only the sum mod 2^64 matters
        }
        sum += value;
        rows++;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Where the bytes held back start: a comma, digits and maybe a CR at the end of the write (outside quotes) may
     * be the record's hash, whose line end comes with a later write; anything else is passed on now.
     */
    private int candidateStart(byte[] b, int end) {
        int j = end - 1;
        if (b[j] == '\r') {
            j--;
        }
        while (j >= pass && isDigit(b[j])) {
            j--;
        }
        return j >= pass && b[j] == ',' && end - j <= MAX_HELD ? j : end;
    }

    /**
     * The held bytes continued by b[from..): the record's hash when digits (maybe a CR) and the line end follow; a
     * field like any other when something else does (they are passed on). Returns where the scan goes on, or -1
     * when the whole write was more of the candidate.
     */
    private int continueHeld(byte[] b, int from, int end) throws IOException {
        int j = from;
        while (j < end && isDigit(b[j]) && held[heldLength - 1] != '\r') {
            j++;
        }
        if (j < end && b[j] == '\r' && held[heldLength - 1] != '\r') {
            j++;
        }
        if (j == end && heldLength + (end - from) <= MAX_HELD) {
            for (int k = from; k < end; k++) {
                held[heldLength++] = b[k];
            }
            midRecord = true;
            return -1;
        }
        if (j < end && b[j] == '\n') {
            byte[] field = new byte[heldLength + j - from];
            System.arraycopy(held, 0, field, 0, heldLength);
            System.arraycopy(b, from, field, heldLength, j - from);
            int last = field.length - (field[field.length - 1] == '\r' ? 1 : 0);
            for (int k = 1; k < last; k++) {
                if (!isDigit(field[k])) {
                    throw new IOException("CSV record " + (rows + 1) + ": " + hashColumn + " is not a number");
                }
            }
            add(field, 1, last);
            if (last < field.length) {
                emit(new byte[] {'\r'}, 0, 1);
            }
            heldLength = 0;
            pass = j;
            recordStart = j + 1;
            return j + 1;
        }
        emit(held, 0, heldLength); // not the last field after all
        heldLength = 0;
        return from;
    }

    /**
     * Collects the header line (a short one; bounded) until its line end outside quotes, checks that its last
     * field names the hash column and passes it on without it. Returns where the records start in b.
     */
    private int readHeader(byte[] b, int off, int end) throws IOException {
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                header.write(b, off, i + 1 - off);
                passHeader(header.toByteArray());
                header = null;
                midRecord = false;
                return i + 1;
            }
        }
        header.write(b, off, end - off);
        if (header.size() > MAX_HEADER) {
            throw new IOException("the CSV header line is longer than " + MAX_HEADER + " bytes");
        }
        return end;
    }

    private void passHeader(byte[] h) throws IOException {
        int lineEnd = h.length - 1;
        if (lineEnd > 0 && h[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        int comma = -1;
        boolean q = false;
        for (int i = 0; i < lineEnd; i++) {
            if (h[i] == '"') {
                q = !q;
            } else if (h[i] == ',' && !q) {
                comma = i;
            }
        }
        String name = new String(h, comma + 1, lineEnd - comma - 1, StandardCharsets.UTF_8);
        if (comma < 0 || !name.equals(hashColumn) && !name.equals('"' + hashColumn + '"')) {
            throw new IOException("CSV header ends with " + name + ", not " + hashColumn);
        }
        emit(h, 0, comma);
        emit(h, lineEnd, h.length - lineEnd);
    }

    /** Passes bytes on through a buffer, so the next stream gets few large writes, not one per record. */
    private void emit(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        if (outLength + len > outBuffer.length) {
            drain();
            if (len >= outBuffer.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, outBuffer, outLength, len);
        outLength += len;
    }

    private void drain() throws IOException {
        if (outLength > 0) {
            out.write(outBuffer, 0, outLength);
            outLength = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /**
     * The fingerprint of every record, once the stream has ended. A stream that stops inside a record (cut short, or
     * with a server's error text after the last line end) has no trustworthy fingerprint, so that is an error.
     */
    Fingerprint finish() throws IOException {
        if (header != null) {
            throw new IOException("the CSV ended before its header line was complete");
        }
        if (quoted || heldLength > 0 || midRecord) {
            throw new IOException("the CSV ended inside record " + (rows + 1) + " (" + rows + " complete rows)");
        }
        flush();
        return new Fingerprint(rows, Long.toUnsignedString(sum));
    }

    /** Records read to the end so far. */
    long rows() {
        return rows;
    }
}
