package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedFingerprintTest {
    private static final String COLUMN = "__ooni_row_hash";

    /** Records as a server sends them: quoted fields with commas, quotes, LF and CRLF inside, then the hash. */
    private static final List<String> FIELDS = List.of("\"plain\",1", "\"comma, \"\"quoted\"\"\",2",
            "\"line\nbreak\",3", "\"crlf\r\ninside\",", "\"Ελληνικά 日本語 🎉\",\"\"", ",", "\"\"\"\"\"\",-0.5");
    /** Hashes chosen so the sum wraps past 2^64, as ClickHouse's sum(UInt64) does. */
    private static final List<String> HASHES = List.of("18446744073709551615", "1", "9223372036854775808",
            "12345678901234567890", "0", "42", "9223372036854775807");

    private static String withHashes(String lineEnd) {
        StringBuilder sb = new StringBuilder("\"s\",\"n\",\"" + COLUMN + "\"" + lineEnd);
        for (int i = 0; i < FIELDS.size(); i++) {
            sb.append(FIELDS.get(i)).append(',').append(HASHES.get(i)).append(lineEnd);
        }
        return sb.toString();
    }

    private static String withoutHashes(String lineEnd) {
        StringBuilder sb = new StringBuilder("\"s\",\"n\"" + lineEnd);
        FIELDS.forEach(f -> sb.append(f).append(lineEnd));
        return sb.toString();
    }

    /** The sum modulo 2^64 worked out with BigInteger, independently of the stream's long arithmetic. */
    private static String expectedSum() {
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (String h : HASHES) {
            sum = sum.add(new java.math.BigInteger(h));
        }
        return sum.mod(java.math.BigInteger.TWO.pow(64)).toString();
    }

    @Test
    void stripsTheHashColumnAndSumsItWhereverTheWritesSplit() throws IOException {
        for (String lineEnd : List.of("\n", "\r\n")) {
            byte[] in = withHashes(lineEnd).getBytes(StandardCharsets.UTF_8);
            for (int split = 0; split <= in.length; split++) {
                for (int second = split; second <= in.length; second += 7) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    StreamedFingerprint f = new StreamedFingerprint(out, COLUMN);
                    f.write(in, 0, split);
                    f.write(in, split, second - split);
                    f.write(in, second, in.length - second);
                    String at = "line end " + lineEnd.length() + ", splits at " + split + " and " + second;
                    assertEquals(withoutHashes(lineEnd), out.toString(StandardCharsets.UTF_8), at);
                    assertEquals(new Fingerprint(FIELDS.size(), expectedSum()), f.finish(), at);
                }
            }
        }
    }

    @Test
    void byteByByteWritesGiveTheSameResult() throws IOException {
        byte[] in = withHashes("\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamedFingerprint f = new StreamedFingerprint(out, COLUMN);
        for (byte b : in) {
            f.write(b);
        }
        assertEquals(withoutHashes("\n"), out.toString(StandardCharsets.UTF_8));
        assertEquals(new Fingerprint(FIELDS.size(), expectedSum()), f.finish());
    }

    @Test
    void aHeaderAloneIsZeroRows() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamedFingerprint f = new StreamedFingerprint(out, COLUMN);
        f.write(("a," + COLUMN + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("a\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(new Fingerprint(0, "0"), f.finish());
    }

    @Test
    void aStreamEndingInsideARecordHasNoFingerprint() throws IOException {
        for (String tail : List.of("\"y\",7", "\"y", "\"y\n", "Code: 241, e.displayText() = DB::Exception")) {
            StreamedFingerprint f = new StreamedFingerprint(new ByteArrayOutputStream(), COLUMN);
            f.write(("a," + COLUMN + "\n\"x\",5\n" + tail).getBytes(StandardCharsets.UTF_8));
            IOException e = assertThrows(IOException.class, f::finish, tail);
            assertEquals("the CSV ended inside record 2 (1 complete rows)", e.getMessage());
        }
        StreamedFingerprint headerOnly = new StreamedFingerprint(new ByteArrayOutputStream(), COLUMN);
        headerOnly.write("a,__ooni".getBytes(StandardCharsets.UTF_8));
        assertEquals("the CSV ended before its header line was complete",
                assertThrows(IOException.class, headerOnly::finish).getMessage());
    }

    @Test
    void refusesCsvWithoutTheHashColumn() {
        IOException header = assertThrows(IOException.class, () -> new StreamedFingerprint(new ByteArrayOutputStream(),
                COLUMN).write("\"a\",\"b\"\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("CSV header ends with \"b\", not " + COLUMN, header.getMessage());
        IOException noComma = assertThrows(IOException.class, () -> new StreamedFingerprint(new ByteArrayOutputStream(),
                COLUMN).write(("a," + COLUMN + "\nlonely\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("CSV record 1 has no " + COLUMN + " column", noComma.getMessage());
        IOException text = assertThrows(IOException.class, () -> new StreamedFingerprint(new ByteArrayOutputStream(),
                COLUMN).write(("a," + COLUMN + "\nx,\"7\"\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(text.getMessage().endsWith("is not a number"), text.getMessage());
    }
}
