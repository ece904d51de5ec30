package org.ooni.analysis.fingerprints;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.ooni.analysis.csv.CsvReader;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;

/**
 * Turns one fingerprint CSV file into validated {@link Fingerprint}s, streaming. The first row that breaks a rule
 * throws {@link InvalidInput} naming file, line, column and rule: this data is small and curated, so one bad row means
 * a broken upstream commit and the whole load must stop. Regexes no engine compiles, and those that need
 * backtracking, are collected as warnings ({@link RegexWarning}).
 */
public final class FingerprintParser {
    private static final int NAME = 0;
    private static final int SCOPE = 1;
    private static final int LOCATION = 3;
    private static final int PATTERN_TYPE = 4;
    private static final int PATTERN = 5;
    private static final int CONFIDENCE = 6;
    private static final int COUNTRIES = 7;
    // RFC 9110 token characters, lower case only: header names are stored lower-cased upstream.
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern COUNTRY_LIST = Pattern.compile("[A-Z]{2}(,[A-Z]{2})*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    private final FingerprintKind kind;
    private final List<RegexWarning> warnings = new ArrayList<>();

    public FingerprintParser(FingerprintKind kind) {
        this.kind = kind;
    }

    /** Rows whose regexp does not compile in Java, in file order (complete once the iterator is exhausted). */
    public List<RegexWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** Iterates the validated rows of {@code in}; {@code file} names it in errors. The header is checked first. */
    public Iterator<Fingerprint> parse(InputStream in, String file) {
        CsvReader reader = new CsvReader(in, file);
        checkHeader(reader.next(), file);
        return new Rows(reader, file);
    }

    private static void checkHeader(CsvRecord header, String file) {
        if (header == null) {
            throw new InvalidInput(file, 1, 1, "empty file: expected the header " + String.join(",", FingerprintTables.HEADER));
        }
        List<String> expected = FingerprintTables.HEADER;
        for (int i = 0; i < Math.max(expected.size(), header.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : null;
            String got = i < header.size() ? header.get(i) : null;
            if (want == null || !want.equals(got)) {
                throw new InvalidInput(file, header.line(), header.column(i), "header field " + (i + 1) + " is "
                        + (got == null ? "missing" : "'" + got + "'") + ", expected "
                        + (want == null ? "no more fields" : "'" + want + "'")
                        + " (header: " + String.join(",", expected) + ")");
            }
        }
    }

    Fingerprint validate(CsvRecord r, String file, Map<String, Long> seen) {
        int expected = FingerprintTables.HEADER.size();
        if (r.size() != expected) {
            throw new InvalidInput(file, r.line(), r.column(Math.min(r.size(), expected)),
                    "expected " + expected + " fields, found " + r.size());
        }
        String name = r.get(NAME);
        if (name.isEmpty()) {
            throw bad(r, NAME, file, "name is empty");
        }
        Long first = seen.putIfAbsent(name, r.line());
        if (first != null) {
            throw bad(r, NAME, file, "duplicate name '" + name + "' (first at line " + first + ")");
        }
        String scope = r.get(SCOPE);
        if (!kind.scopes().contains(scope)) {
            throw bad(r, SCOPE, file, "scope '" + scope + "' is not one of " + String.join(", ", kind.scopes()));
        }
        String location = r.get(LOCATION);
        if (!location.equals("dns") && !location.equals("body") && !(location.startsWith(Fingerprint.HEADER_PREFIX)
                && HEADER_NAME.matcher(location.substring(Fingerprint.HEADER_PREFIX.length())).matches())) {
            throw bad(r, LOCATION, file, "location_found '" + location
                    + "' is not dns, body, or header. followed by a lower-case header name");
        }
        String typeWord = r.get(PATTERN_TYPE);
        if (!PatternType.WORDS.contains(typeWord)) {
            throw bad(r, PATTERN_TYPE, file, "pattern_type '" + typeWord + "' is not one of "
                    + String.join(", ", PatternType.WORDS));
        }
        PatternType type = PatternType.parse(typeWord);
        String pattern = r.get(PATTERN);
        if (pattern.isEmpty()) {
            throw bad(r, PATTERN, file, "pattern is empty");
        }
        String confidence = r.get(CONFIDENCE);
        if (!DIGITS.matcher(confidence).matches() || Integer.parseInt(confidence) > 255) {
            throw bad(r, CONFIDENCE, file, "confidence_no_fp '" + confidence + "' is not an integer from 0 to 255");
        }
        String countries = r.get(COUNTRIES);
        if (!countries.isEmpty() && !COUNTRY_LIST.matcher(countries).matches()) {
            throw bad(r, COUNTRIES, file, "expected_countries '" + countries
                    + "' is not a comma-separated list of two-letter upper-case codes without spaces");
        }
        if (type == PatternType.REGEXP) {
            RegexWarning warning = RegexWarning.of(file, lineOf(r, PATTERN), name, pattern);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return new Fingerprint(name, scope, r.get(2), location, type, pattern, Integer.parseInt(confidence),
                countries, r.get(8), r.get(9), r.get(10));
    }

    private static InvalidInput bad(CsvRecord r, int field, String file, String rule) {
        return new InvalidInput(file, lineOf(r, field), r.column(field), rule);
    }

    /**
     * The line a field starts on: the record's first line plus the line ends inside the quoted fields before it
     * (only quoted fields can hold them), so a field after a multi-line pattern is located exactly.
     */
    static long lineOf(CsvRecord r, int field) {
        long line = r.line();
        for (int i = 0; i < field && i < r.size(); i++) {
            String f = r.get(i);
            for (int j = f.indexOf('\n'); j >= 0; j = f.indexOf('\n', j + 1)) {
                line++;
            }
        }
        return line;
    }

    private final class Rows implements Iterator<Fingerprint> {
        private final CsvReader reader;
        private final String file;
        private final Map<String, Long> seen = new HashMap<>();
        private CsvRecord pending;
        private boolean done;

        Rows(CsvReader reader, String file) {
            this.reader = reader;
            this.file = file;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                pending = reader.next();
                done = pending == null;
            }
            return pending != null;
        }

        @Override
        public Fingerprint next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CsvRecord r = pending;
            pending = null;
            return validate(r, file, seen);
        }
    }
}
