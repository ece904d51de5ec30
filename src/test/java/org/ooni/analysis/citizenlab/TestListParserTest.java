package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.InvalidInput;

class TestListParserTest {
    private static final String HEADER = "url,category_code,category_description,date_added,source,notes\n";
    private final List<TestListParser.Rejection> rejections = new ArrayList<>();

    private List<TestListEntry> parse(TestListParser parser, String body) {
        Iterator<TestListEntry> it = parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                "lists/ir.csv", "ir");
        List<TestListEntry> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private TestListParser lenient() {
        return new TestListParser(Optional.of(Set.of("NEWS", "GRP")), false, rejections::add);
    }

    @Test
    void validRowsBecomeEntries() {
        List<TestListEntry> rows = parse(lenient(), HEADER
                + "https://www.BBC.com/persian/,NEWS,News Media,2017-02-28,citizenlab,\"a, b\"\n"
                + "http://twitter.com,GRP,Social Networking,2014-04-15,,\n");
        assertEquals(List.of(new TestListEntry("www.BBC.com", "https://www.BBC.com/persian/", "ir", "NEWS"),
                new TestListEntry("twitter.com", "http://twitter.com", "ir", "GRP")), rows);
        assertTrue(rejections.isEmpty());
    }

    @Test
    void badRowsAreSkippedAndCountedPerReason() {
        TestListParser parser = lenient();
        List<TestListEntry> rows = parse(parser, HEADER
                + "https://ok.example.com/,NEWS,News Media,2017-02-28,x,\n"
                + "https://bad url/,NEWS,News Media,2017-02-28,x,\n"
                + "https://ok2.example.com/,NOPE,Nope,2017-02-28,x,\n"
                + "https://ok3.example.com/,NEWS,News Media,2017-02-30,x,\n"
                + "https://ok4.example.com/,NEWS,News Media,2017-02-28\n"
                + "https://ok5.example.com/,NEWS,News Media,17-02-28,x,\n");
        assertEquals(1, rows.size());
        assertEquals(Map.of(RejectReason.INVALID_URL, 1L, RejectReason.UNKNOWN_CATEGORY, 1L,
                RejectReason.BAD_DATE, 2L, RejectReason.COLUMN_COUNT, 1L), parser.rejectCounts());
        assertEquals(5, parser.rejectedTotal());
        assertEquals(new TestListParser.Rejection("lists/ir.csv", 3, 1, RejectReason.INVALID_URL), rejections.get(0));
        assertEquals(new TestListParser.Rejection("lists/ir.csv", 4, 26, RejectReason.UNKNOWN_CATEGORY), rejections.get(1));
    }

    @Test
    void strictModeFailsOnTheFirstBadRowWithItsLocation() {
        TestListParser strict = new TestListParser(Optional.of(Set.of("NEWS")), true, rejections::add);
        InvalidInput e = assertThrows(InvalidInput.class, () -> parse(strict, HEADER
                + "https://ok.example.com/,NEWS,News Media,2017-02-28,x,\n"
                + "https://ok.example.com/,NEWS,News Media,2017-13-01,x,\n"));
        assertEquals("lists/ir.csv:3:41: date_added is not a valid YYYY-MM-DD date", e.getMessage());
    }

    @Test
    void withoutLegendAnyCategoryIsAccepted() {
        TestListParser parser = new TestListParser(Optional.empty(), false, rejections::add);
        assertEquals(1, parse(parser, HEADER + "https://ok.example.com/,WHATEVER,x,2017-02-28,x,\n").size());
    }

    @Test
    void wrongHeaderIsFatal() {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> parse(lenient(), "url,category,date\nhttps://ok.example.com/,NEWS,2017-02-28\n"));
        assertEquals("lists/ir.csv:1:1: header is 'url,category,date', expected "
                + "'url,category_code,category_description,date_added,source,notes'", e.getMessage());
    }

    @Test
    void emptyFileIsFatal() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> parse(lenient(), ""));
        assertTrue(e.getMessage().startsWith("lists/ir.csv:1:1: empty file"));
    }

    @Test
    void headerAfterByteOrderMarkIsAccepted() {
        assertEquals(1, parse(lenient(), "\uFEFF" + HEADER + "https://ok.example.com/,NEWS,x,2017-02-28,x,\n").size());
    }

    @Test
    void quotedNewlineInNotesDoesNotBreakTheRow() {
        List<TestListEntry> rows = parse(lenient(), HEADER
                + "https://a.example.com/,NEWS,x,2017-02-28,x,\"first\nsecond\"\n"
                + "https://bad url/,NEWS,x,2017-02-28,x,\n");
        assertEquals(1, rows.size());
        assertEquals(4, rejections.get(0).line());
    }

    @Test
    void aControlCharacterInAnyFieldRejectsTheRow() {
        TestListParser parser = lenient();
        List<TestListEntry> rows = parse(parser, HEADER
                + "https://nul.example.com/\u0000x,NEWS,x,2017-02-28,x,\n"
                + "https://ok.example.com/,NEWS,x,2017-02-28,cit\u001b[31mizen,\n"
                + "https://ok.example.com/,NEWS,x,2017-02-28,x,\"bell\u0007\"\n"
                + "\"https://ok.example.com/\nx\",NEWS,x,2017-02-28,x,\n"
                + "https://ok.example.com/,NEWS,\"two\nlines\",2017-02-28,x,\"a\tb\r\nc\"\n");
        assertEquals(1, rows.size(), "only the row whose prose fields hold line breaks and a tab");
        assertEquals(Map.of(RejectReason.CONTROL_CHARACTER, 4L), parser.rejectCounts());
        assertEquals(new TestListParser.Rejection("lists/ir.csv", 2, 1, RejectReason.CONTROL_CHARACTER), rejections.get(0));
        assertEquals(new TestListParser.Rejection("lists/ir.csv", 3, 43, RejectReason.CONTROL_CHARACTER), rejections.get(1));
        TestListParser strict = new TestListParser(Optional.empty(), true, rejections::add);
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> parse(strict, HEADER + "https://nul.example.com/\u0000,NEWS,x,2017-02-28,x,\n"));
        assertEquals("lists/ir.csv:2:1: a field holds a control character", e.getMessage());
    }

    @Test
    void aUrlOverTheLengthBoundRejectsTheRow() {
        String longest = "https://ok.example.com/" + "a".repeat(2048 - 23);
        TestListParser parser = lenient();
        List<TestListEntry> rows = parse(parser, HEADER
                + longest + ",NEWS,x,2017-02-28,x,\n"
                + longest + "b,NEWS,x,2017-02-28,x,\n"
                + "https://ok.example.com/" + "x".repeat(10 << 20) + ",NEWS,x,2017-02-28,x,\n"
                + "https://ok.example.com/" + "\u00e9".repeat(1013) + ",NEWS,x,2017-02-28,x,\n");
        assertEquals(List.of(longest), rows.stream().map(TestListEntry::url).toList());
        assertEquals(Map.of(RejectReason.URL_TOO_LONG, 3L), parser.rejectCounts(), "2,049 bytes, 10 MB, 2,049 UTF-8 bytes");
        TestListParser small = new TestListParser(Optional.empty(), false, 30, rejections::add);
        assertEquals(0, parse(small, HEADER + "https://ok.example.com/abcdefgh,NEWS,x,2017-02-28,x,\n").size());
        assertEquals(Map.of(RejectReason.URL_TOO_LONG, 1L), small.rejectCounts());
    }

    @Test
    void aHeaderOfAMillionColumnsMakesAShortError() {
        String header = "c,".repeat(1_000_000) + "c\n";
        InvalidInput e = assertThrows(InvalidInput.class, () -> parse(lenient(), header));
        assertEquals("lists/ir.csv:1:1: header is '" + "c,".repeat(150) + "... (2000001 characters in all)', expected "
                + "'url,category_code,category_description,date_added,source,notes'", e.getMessage());
    }

    @Test
    void isoDates() {
        assertTrue(TestListParser.isIsoDate("2020-02-29"));
        assertFalse(TestListParser.isIsoDate("2019-02-29"));
        assertFalse(TestListParser.isIsoDate("2019-00-10"));
        assertFalse(TestListParser.isIsoDate("2019-1-10"));
        assertFalse(TestListParser.isIsoDate("2019/01/10"));
        assertFalse(TestListParser.isIsoDate(""));
    }
}
