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

/**
 * Turns one list file into {@link TestListEntry} rows, streaming. Structural problems (header, encoding, broken
 * quoting) always fail; a bad row is skipped and reported to the reject listener, or fails the run when strict.
 */
public final class TestListParser {
    public static final int DEFAULT_MAX_URL_BYTES = 2048;
    public static final List<String> HEADER =
            List.of("url", "category_code", "category_description", "date_added", "source", "notes");

    /** A skipped row: where it is and why. */
    public record Rejection(String file, long line, int column, RejectReason reason) {
    }

    private final Optional<Set<String>> categories;
    private final boolean strict;
    private final Consumer<Rejection> rejects;
    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);

    public TestListParser(Optional<Set<String>> categories, boolean strict, Consumer<Rejection> rejects) {
        this.categories = categories;
        this.strict = strict;
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
            throw new InvalidInput(fileName, 1, 1, "header is '" + String.join(",", header.fields())
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
        String url = r.get(0);
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
