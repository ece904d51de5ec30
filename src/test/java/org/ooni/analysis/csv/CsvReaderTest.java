package org.ooni.analysis.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.InvalidInput;

class CsvReaderTest {
    private static List<CsvRecord> readAll(byte[] bytes) {
        CsvReader r = new CsvReader(new ByteArrayInputStream(bytes), "t.csv");
        List<CsvRecord> out = new ArrayList<>();
        for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
            out.add(rec);
        }
        return out;
    }

    private static List<CsvRecord> readAll(String text) {
        return readAll(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndNewlinesExactly() {
        List<CsvRecord> rows = readAll("a,b\r\n\"x,y\",\"line1\r\nline2 \"\"q\"\"\"\r\nlast,row\r\n");
        assertEquals(3, rows.size());
        assertArrayEquals(new String[] {"x,y", "line1\r\nline2 \"q\""}, rows.get(1).fields());
        assertEquals(2, rows.get(1).line());
        assertEquals(4, rows.get(2).line(), "the record after a two-line field starts on line 4");
    }

    @Test
    void lastLineWithoutNewlineIsRead() {
        List<CsvRecord> rows = readAll("h1,h2\nv1,v2");
        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"v1", "v2"}, rows.get(1).fields());
    }

    @Test
    void emptyTrailingFieldIsKept() {
        List<CsvRecord> rows = readAll("a,b,\n");
        assertArrayEquals(new String[] {"a", "b", ""}, rows.get(0).fields());
    }

    @Test
    void byteOrderMarkIsSkipped() {
        List<CsvRecord> rows = readAll("\uFEFFurl,category_code\nx,y\n");
        assertEquals("url", rows.get(0).get(0));
    }

    @Test
    void columnsPointAtFieldStarts() {
        CsvRecord r = readAll("ab,\"c,d\",e\n").get(0);
        assertArrayEquals(new int[] {1, 4, 10}, r.columns());
    }

    @Test
    void invalidUtf8IsLocatedByLineAndColumn() {
        byte[] bytes = "h\nok\nab".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xff;
        bad[bytes.length + 1] = 'z';
        InvalidInput e = assertThrows(InvalidInput.class, () -> readAll(bad));
        assertEquals("t.csv", e.file());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertEquals("t.csv:3:3: not valid UTF-8 (byte offset 7)", e.getMessage());
    }

    @Test
    void latin1FileIsRejectedNotMisread() {
        byte[] latin1 = "url\nhttp://caf\u00e9.example/\n".getBytes(StandardCharsets.ISO_8859_1);
        InvalidInput e = assertThrows(InvalidInput.class, () -> readAll(latin1));
        assertEquals(2, e.line());
    }

    @Test
    void unterminatedQuoteIsAnError() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> readAll("a\n\"open,b\n"));
        assertEquals("t.csv:2:1: quoted field is not closed before the end of the file", e.getMessage());
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> readAll("\"a\"b,c\n"));
        assertEquals(1, e.line());
        assertEquals(4, e.column());
    }

    @Test
    void longInputAcrossBufferBoundariesKeepsEveryRow() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append("https://host").append(i).append(".example.com/ä,\"q,").append(i).append("\"\r\n");
        }
        List<CsvRecord> rows = readAll(b.toString());
        assertEquals(20_000, rows.size());
        assertEquals("https://host19999.example.com/ä", rows.get(19_999).get(0));
        assertEquals("q,19999", rows.get(19_999).get(1));
        assertEquals(20_000, rows.get(19_999).line());
    }

    @Test
    void emptyInputHasNoRecords() {
        assertNull(new CsvReader(new ByteArrayInputStream(new byte[0]), "e.csv").next());
    }
}
