package org.ooni.analysis.asnmeta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ooni.analysis.error.InvalidInput;

class AsOrgMapParserTest {
    private static final String FILE = "map.json";

    private static List<AsOrgEntry> parse(String json, AsOrgMapTally tally) {
        List<AsOrgEntry> out = new ArrayList<>();
        try (AsOrgMapParser p = new AsOrgMapParser(stream(json), FILE, tally)) {
            p.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<AsOrgEntry> parse(String json) {
        return parse(json, new AsOrgMapTally());
    }

    private static InvalidInput failure(String json) {
        return assertThrows(InvalidInput.class, () -> parse(json));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String entry(String date) {
        return "[\"Org\", \"US\", \"" + date + "\", \"ORG-AS\", \"ARIN\"]";
    }

    @Test
    void theIssueExampleGivesTwoRowsForAsn1() {
        List<AsOrgEntry> rows = parse("{\"1\": [[\"Level 3 Communications, Inc.\", \"US\", \"20040604\", \"LVLT-1\", "
                + "\"ARIN\"], [\"Level 3 Parent, LLC\", \"US\", \"20180220\", \"LVLT-1\", \"ARIN\"]]}");
        assertEquals(List.of(
                new AsOrgEntry(1, "Level 3 Communications, Inc.", "US", LocalDate.of(2004, 6, 4), "LVLT-1", "ARIN"),
                new AsOrgEntry(1, "Level 3 Parent, LLC", "US", LocalDate.of(2018, 2, 20), "LVLT-1", "ARIN")), rows);
    }

    @Test
    void emptyOrgNameCountryAndAutNameAreAllowed() {
        assertEquals(List.of(new AsOrgEntry(7, "", "", LocalDate.of(2001, 1, 1), "", "RIPE")),
                parse("{\"7\": [[\"\", \"\", \"20010101\", \"\", \"RIPE\"]]}"));
    }

    @Test
    void escapesAndNonAsciiAreDecoded() {
        AsOrgEntry e = parse("{\"9\": [[\"Telef\\u00f4nica \\\"Brasil\\\"\", \"BR\", \"20010101\", \"ООО\", \"LACNIC\"]]}")
                .get(0);
        assertEquals("Telefônica \"Brasil\"", e.orgName());
        assertEquals("ООО", e.autName());
    }

    @Test
    void smallestAndLargestAsnAndDateBoundsAreAccepted() {
        List<AsOrgEntry> rows = parse("{\"0\": [" + entry("19700101") + "], \"4294967295\": [" + entry("21490606")
                + ", " + entry("20200229") + "]}");
        assertEquals(0, rows.get(0).asn());
        assertEquals(LocalDate.of(1970, 1, 1), rows.get(0).changed());
        assertEquals(4_294_967_295L, rows.get(1).asn());
        assertEquals(LocalDate.of(2149, 6, 6), rows.get(1).changed());
        assertEquals(LocalDate.of(2020, 2, 29), rows.get(2).changed());
    }

    @Test
    void emptyObjectAndEmptyHistoriesGiveNoRowsButCountAsns() {
        assertEquals(List.of(), parse(" {} \n"));
        AsOrgMapTally tally = new AsOrgMapTally();
        assertEquals(1, parse("{\"5\": [], \"6\": [" + entry("20100101") + ", " + entry("20000101") + "]}", tally)
                .size() - 1);
        assertEquals(2, tally.rows());
        assertEquals(2, tally.asns());
        assertEquals(1, tally.asnsWithHistory());
        assertEquals(LocalDate.of(2000, 1, 1), tally.earliest());
        assertEquals(LocalDate.of(2010, 1, 1), tally.latest());
    }

    @Test
    void entriesComeOutBeforeTheRestOfTheInputIsRead() {
        byte[] head = ("{\"1\": [" + entry("20200101") + ", ").getBytes(StandardCharsets.UTF_8);
        InputStream brokenAfterHead = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == head.length) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, head.length - pos);
                System.arraycopy(head, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try (AsOrgMapParser p = new AsOrgMapParser(brokenAfterHead, FILE, new AsOrgMapTally())) {
            assertTrue(p.hasNext());
            assertEquals(LocalDate.of(2020, 1, 1), p.next().changed());
            // A broken stream is an I/O failure, not a format error: the caller retries or reports the source.
            UncheckedIOException e = assertThrows(UncheckedIOException.class, p::hasNext);
            assertEquals("connection reset", e.getCause().getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc", "-1", "+1", "1.5", "01", "00", "4294967296", "99999999999", "` 1`", "AS1", "``"})
    void keysThatAreNotAnAsnAreRejected(String key) {
        InvalidInput e = failure("{\"" + key + "\": []}");
        String q = AsOrgMapParser.quoted(key);
        assertEquals("$[" + q + "]: key must be an ASN, a decimal integer in 0..4294967295 without sign or leading "
                + "zeros, got " + q, e.rule());
        assertEquals(1, e.line());
        assertEquals(2, e.column());
        assertEquals(FILE + ":1:2: " + e.rule(), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"x\"`|a string", "`{}`|an object", "null|null", "7|a number", "true|a boolean"})
    void anAsnWhoseValueIsNotAListIsRejected(String value, String found) {
        InvalidInput e = failure("{\"13335\": " + value + "}");
        assertEquals("$[\"13335\"]: the value of an ASN must be a list of entries, found " + found, e.rule());
        assertEquals(11, e.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"x\"`|a string", "`{}`|an object", "null|null", "1|a number"})
    void anEntryThatIsNotAnArrayIsRejected(String value, String found) {
        InvalidInput e = failure("{\"13335\": [" + entry("20200101") + ", " + value + "]}");
        assertEquals("$[\"13335\"][1]: an entry must be an array of 5 strings [org_name, cc, changed, aut_name, "
                + "source], found " + found, e.rule());
        assertEquals(1, e.line());
        assertEquals(57, e.column());
    }

    @Test
    void anEntryWithTooFewElementsIsRejected() {
        InvalidInput e = failure("{\"1\": [[\"Org\", \"US\", \"20200101\", \"ORG-AS\"]]}");
        assertEquals("map.json:1:42: $[\"1\"][0]: an entry must have 5 elements [org_name, cc, changed, aut_name, "
                + "source], this one has 4", e.getMessage());
        assertEquals("$[\"1\"][0]: an entry must have 5 elements [org_name, cc, changed, aut_name, source], this one "
                + "has 0", failure("{\"1\": [[]]}").rule());
    }

    @Test
    void anEntryWithTooManyElementsIsRejected() {
        InvalidInput e = failure("{\"1\": [[\"Org\", \"US\", \"20200101\", \"ORG-AS\", \"ARIN\", \"extra\"]]}");
        assertEquals("map.json:1:52: $[\"1\"][0]: an entry must have 5 elements [org_name, cc, changed, aut_name, "
                + "source], this one has more", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0|org_name|null|null", "1|cc|840|a number", "2|changed|20200101|a number", "3|aut_name|[]|an array",
        "4|source|{}|an object"})
    void anElementThatIsNotAStringIsRejected(int index, String name, String value, String found) {
        List<String> elements = new ArrayList<>(List.of("\"Org\"", "\"US\"", "\"20200101\"", "\"ORG-AS\"", "\"ARIN\""));
        elements.set(index, value);
        InvalidInput e = failure("{\"1\": [[" + String.join(", ", elements) + "]]}");
        assertEquals("$[\"1\"][0][" + index + "]: " + name + " must be a string, found " + found, e.rule());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2018-01-01|changed must be a date written YYYYMMDD, got \"2018-01-01\"",
        "2018010|changed must be a date written YYYYMMDD, got \"2018010\"",
        "201801011|changed must be a date written YYYYMMDD, got \"201801011\"",
        "2018O101|changed must be a date written YYYYMMDD, got \"2018O101\"",
        "20181301|changed \"20181301\" is not a valid YYYYMMDD date",
        "20180001|changed \"20180001\" is not a valid YYYYMMDD date",
        "20180100|changed \"20180100\" is not a valid YYYYMMDD date",
        "20180431|changed \"20180431\" is not a valid YYYYMMDD date",
        "20190229|changed \"20190229\" is not a valid YYYYMMDD date",
        "19691231|changed \"19691231\" is outside 1970-01-01..2149-06-06, the range the store's Date type holds",
        "21490607|changed \"21490607\" is outside 1970-01-01..2149-06-06, the range the store's Date type holds"})
    void invalidChangedDatesAreRejectedWithTheirPath(String date, String rule) {
        InvalidInput e = failure("{\n\"13335\": [" + entry("20100714") + ", " + entry("20170222") + ",\n  "
                + entry(date) + "]\n}");
        assertEquals("$[\"13335\"][2][2]: " + rule, e.rule());
        assertEquals(3, e.line());
        assertEquals(17, e.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"1\": [[\"Org\", \"US\", \"2020`|1|27|$[\"1\"][0][2]",
        "`{\"1\": [[\"Org\", \"US\", \"20200101\", \"A\", \"ARIN\"]`|1|46|$[\"1\"]",
        "`{\"1\": [`|1|8|$[\"1\"]",
        "`{\"1\": [], `|1|11|$",
        "`{`|1|2|$"})
    void truncatedJsonIsRejectedWithItsPosition(String json, int line, int column, String path) {
        InvalidInput e = failure(json);
        assertTrue(e.rule().startsWith(path + ": malformed JSON: Unexpected end-of-input"), e.rule());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"1\": [],}`|1|10|$|Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
        "`{\"1\" []}`|1|6|$|Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value",
        "`{\"1\": [[Org]]}`|1|9|$[\"1\"][0][0]|Unrecognized token 'Org': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
        "`{'1': []}`|1|2|$|Unexpected character (''' (code 39)): was expecting double-quote to start field name",
        "`{\"1\": [] x`|1|10|$|Unexpected character ('x' (code 120)): was expecting comma to separate Object entries"})
    void malformedJsonIsRejectedWithItsPosition(String json, int line, int column, String path, String reason) {
        InvalidInput e = failure(json);
        assertEquals(path + ": malformed JSON: " + reason, e.rule());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bad = "{\"1\": [[\"Org\", \"US\", \"20200101\", \"A\", \"ARIN\"]]}".getBytes(StandardCharsets.UTF_8);
        bad[10] = (byte) 0xC3; // a lead byte followed by ASCII is not UTF-8
        InvalidInput e = assertThrows(InvalidInput.class, () -> {
            try (AsOrgMapParser p = new AsOrgMapParser(new ByteArrayInputStream(bad), FILE, new AsOrgMapTally())) {
                p.forEachRemaining(x -> { });
            }
        });
        assertEquals("$[\"1\"][0][0]: malformed JSON: invalid UTF-8: byte 0xC3 at byte offset 10", e.rule());
        assertEquals(1, e.line());
        assertEquals(11, e.column(), "the column of the bad byte");
    }

    @Test
    void invalidUtf8FarIntoALongFileIsReportedWhereItIs() {
        // past several of the reader's 16 KB buffers, in an org name of the 5,001st ASN, on line 5,001
        StringBuilder doc = new StringBuilder("{");
        for (int asn = 1; asn <= 5000; asn++) {
            doc.append('"').append(asn).append("\": [[\"Org ").append(asn).append("\", \"US\", \"20200101\", \"A\", \"ARIN\"]],\n");
        }
        int lineStart = doc.length();
        doc.append("\"5001\": [[\"Caf\u00e9 X\", \"FR\", \"20200101\", \"B\", \"RIPE\"]]}");
        byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
        int bad = lineStart + "\"5001\": [[\"Caf".length();
        assertEquals((byte) 0xC3, bytes[bad]);
        bytes[bad + 1] = (byte) 'Z'; // the é's second byte replaced: 0xC3 followed by ASCII
        InvalidInput e = assertThrows(InvalidInput.class, () -> {
            try (AsOrgMapParser p = new AsOrgMapParser(new ByteArrayInputStream(bytes), FILE, new AsOrgMapTally())) {
                p.forEachRemaining(x -> { });
            }
        });
        assertEquals("$[\"5001\"][0][0]: malformed JSON: invalid UTF-8: byte 0xC3 at byte offset " + bad, e.rule());
        assertEquals(5001, e.line());
        assertEquals("\"5001\": [[\"Caf".length() + 1, e.column());
    }

    @Test
    void multiByteCharactersSplitAcrossReadsDecodeExactly() throws Exception {
        // a source that gives one byte per read splits every multi-byte character
        String org = "Société Générale \u6771\u4eac \ud83d\ude00";
        byte[] doc = ("{\"1\": [[\"" + org + "\", \"FR\", \"20200101\", \"A\", \"RIPE\"]]}")
                .getBytes(StandardCharsets.UTF_8);
        java.io.InputStream trickle = new java.io.InputStream() {
            private int next;

            @Override
            public int read() {
                return next < doc.length ? doc[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
        try (AsOrgMapParser p = new AsOrgMapParser(trickle, FILE, new AsOrgMapTally())) {
            assertEquals(org, p.next().orgName());
            assertFalse(p.hasNext());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|empty document, expected a JSON object mapping ASNs to lists of entries",
        "` \n `|empty document, expected a JSON object mapping ASNs to lists of entries",
        "`[]`|the document must be a JSON object mapping ASNs to lists of entries, found an array",
        "`\"x\"`|the document must be a JSON object mapping ASNs to lists of entries, found a string",
        "`{} {}`|unexpected an object after the top-level object"})
    void aDocumentThatIsNotOneObjectIsRejected(String json, String rule) {
        assertEquals("$: " + rule, failure(json).rule());
    }

    @Test
    void errorsAfterManyEntriesStillNameTheRightPlace() {
        StringBuilder b = new StringBuilder("{");
        for (int asn = 1; asn <= 1000; asn++) {
            b.append(asn == 1 ? "\n" : ",\n").append('"').append(asn).append("\": [").append(entry("20200101")).append(']');
        }
        b.append(",\n\"1001\": [").append(entry("20200101")).append(", ").append(entry("20200230")).append("]\n}");
        InvalidInput e = failure(b.toString());
        assertEquals("map.json:1002:69: $[\"1001\"][1][2]: changed \"20200230\" is not a valid YYYYMMDD date",
                e.getMessage());
        assertFalse(e.rule().isEmpty());
    }
}
