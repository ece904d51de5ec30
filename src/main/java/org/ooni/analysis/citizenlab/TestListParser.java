package org.ooni.analysis.citizenlab;

import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ooni.analysis.csv.CsvReader;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.Redact;

/**
 * Turns one list file into {@link TestListEntry} rows, streaming. Structural problems (header, encoding, broken
 * quoting) always fail; a bad row is skipped and reported to the reject listener, or fails the run when strict.
 * A bad row is one with the wrong number of fields, a control character (NUL included; in the two prose fields
 * tab and line breaks are allowed) in any field, a URL longer
 * than {@code maxUrlBytes}, a URL outside the grammar, an unknown category or a bad date.
 */
public final class TestListParser {
    public static final int DEFAULT_MAX_URL_BYTES = 2048;
    public static final List<String> HEADER =
            List.of("url", "category_code", "category_description", "date_added", "source", "notes");
    /** category_description and notes: prose, where a quoted line break or tab is ordinary. */
    private static final Set<Integer> FREE_TEXT = Set.of(2, 5);

    /** A skipped row: where it is and why. */
    public record Rejection(String file, long line, int column, RejectReason reason) {
    }

    private final Optional<Set<String>> categories;
    private final boolean strict;
    private final int maxUrlBytes;
    private final Consumer<Rejection> rejects;
    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);

    public TestListParser(Optional<Set<String>> categories, boolean strict, Consumer<Rejection> rejects) {
        this(categories, strict, DEFAULT_MAX_URL_BYTES, rejects);
    }

    /** {@code maxUrlBytes}: a longer URL (in UTF-8 bytes) rejects its row. */
    public TestListParser(Optional<Set<String>> categories, boolean strict, int maxUrlBytes,
                          Consumer<Rejection> rejects) {
        this.categories = categories;
        this.strict = strict;
        this.maxUrlBytes = maxUrlBytes;
        this.rejects = rejects;
    }

    /** Rows rejected so far, per reason. */
    public Map<RejectReason, Long> rejectCounts() {
        return Map.copyOf(counts);
    }

    public long rejectedTotal() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Streams the valid rows of one file; the header is checked before the first row is returned. */
    public Iterator<TestListEntry> parse(InputStream in, String fileName, String cc) {
        CsvReader reader = new CsvReader(in, fileName);
        CsvRecord header = reader.next();
        if (header == null) {
            throw new InvalidInput(fileName, 1, 1, "empty file: expected the header " + String.join(",", HEADER));
        }
        if (!Arrays.asList(header.fields()).equals(HEADER)) {
            throw new InvalidInput(fileName, 1, 1, "header is '" + Redact.echo(String.join(",", header.fields()))
                    + "', expected '" + String.join(",", HEADER) + "'");
        }
        return new Iterator<>() {
            private TestListEntry next = advance();

            private TestListEntry advance() {
                for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
                    TestListEntry entry = validate(r, fileName, cc);
                    if (entry != null) {
                        return entry;
                    }
                }
                reader.close();
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public TestListEntry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                TestListEntry current = next;
                next = advance();
                return current;
            }
        };
    }

    private TestListEntry validate(CsvRecord r, String file, String cc) {
        if (r.size() != HEADER.size()) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                return null; // a blank line
            }
            return reject(file, r.line(), r.column(Math.min(r.size(), HEADER.size())), RejectReason.COLUMN_COUNT);
        }
        for (int i = 0; i < r.size(); i++) {
            int at = controlCharacterAt(r.get(i), FREE_TEXT.contains(i));
            if (at >= 0) {
                // Stores disagree on such values (DuckDB cuts a string at NUL, ClickHouse keeps it), and a test list
                // has no use for them: the row goes.
                return reject(file, r.line(), r.column(i), RejectReason.CONTROL_CHARACTER);
            }
        }
        String url = r.get(0);
        if (utf8Length(url) > maxUrlBytes) {
            return reject(file, r.line(), r.column(0), RejectReason.URL_TOO_LONG);
        }
        String domain = UrlGrammar.domainOf(url);
        if (domain == null) {
            return reject(file, r.line(), r.column(0), RejectReason.INVALID_URL);
        }
        String category = r.get(1);
        if (categories.isPresent() && !categories.get().contains(category)) {
            return reject(file, r.line(), r.column(1), RejectReason.UNKNOWN_CATEGORY);
        }
        if (!isIsoDate(r.get(3))) {
            return reject(file, r.line(), r.column(3), RejectReason.BAD_DATE);
        }
        return new TestListEntry(domain, url, cc, category);
    }

    private TestListEntry reject(String file, long line, int column, RejectReason reason) {
        if (strict) {
            throw new InvalidInput(file, line, column, reason.description());
        }
        counts.merge(reason, 1L, Long::sum);
        rejects.accept(new Rejection(file, line, column, reason));
        return null;
    }

    /**
     * Index of the first C0 control character, DEL or C1 control character, or -1. {@code freeText} fields (a
     * quoted note may run over several lines) may hold tab, CR and LF.
     */
    static int controlCharacterAt(String s, boolean freeText) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** YYYY-MM-DD naming a real calendar day. */
    static boolean isIsoDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
