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
                    assertEquals(new Fingerprint(FIELDS.size(), expectedSum()), f.finish(), at);
                    assertEquals(withoutHashes(lineEnd), out.toString(StandardCharsets.UTF_8), at);
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
        assertEquals(new Fingerprint(FIELDS.size(), expectedSum()), f.finish());
        assertEquals(withoutHashes("\n"), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Many records of quoted fields full of quotes, commas and line ends, numbers and empty fields, cut into writes
     * of random sizes (so records, fields, hashes and 8-byte words split everywhere): the output and sum equal those
     * worked out record by record with strings.
     */
    @Test
    void randomRecordsInRandomWritesGiveWhatAPlainReadingGives() throws IOException {
        java.util.Random random = new java.util.Random(17);
        String[] pieces = {"\"\"", ",", "\n", "\r\n", "x", "12", "Ελ", "{\"\"a\"\":1}", " "};
        StringBuilder with = new StringBuilder("\"s\",n,\"" + COLUMN + "\"\n");
        StringBuilder without = new StringBuilder("\"s\",n\n");
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        int records = 3000;
        for (int r = 0; r < records; r++) {
            StringBuilder field = new StringBuilder("\"");
            for (int k = random.nextInt(12); k > 0; k--) {
                field.append(pieces[random.nextInt(pieces.length)]);
            }
            field.append("\",").append(random.nextInt(3) == 0 ? "" : String.valueOf(random.nextInt(100000)));
            java.math.BigInteger hash = new java.math.BigInteger(64, random);
            with.append(field).append(',').append(hash).append('\n');
            without.append(field).append('\n');
            sum = sum.add(hash);
        }
        byte[] in = with.toString().getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StreamedFingerprint f = new StreamedFingerprint(out, COLUMN);
            for (int at = 0; at < in.length; ) {
                int n = Math.min(in.length - at, 1 + random.nextInt(round % 2 == 0 ? 40 : 70000));
                f.write(in, at, n);
                at += n;
            }
            assertEquals(new Fingerprint(records, sum.mod(java.math.BigInteger.TWO.pow(64)).toString()), f.finish());
            assertEquals(without.toString(), out.toString(StandardCharsets.UTF_8), "round " + round);
        }
    }

    @Test
    void aHeaderAloneIsZeroRows() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamedFingerprint f = new StreamedFingerprint(out, COLUMN);
        f.write(("a," + COLUMN + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(new Fingerprint(0, "0"), f.finish());
        assertEquals("a\n", out.toString(StandardCharsets.UTF_8));
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
