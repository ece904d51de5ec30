package org.ooni.analysis.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses a ClickHouse {@code TabSeparatedWithNamesAndTypes} result into rows of strings as it streams in.
 * The types line tells which columns are FixedString, whose NUL padding is stripped so {@code ZZ} reads as ZZ.
 */
final class TsvResultReader {
    private final Reader in;
    private final StringBuilder line = new StringBuilder();

    TsvResultReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Hands each data row to the consumer.
     *
     * @throws IOException when a line does not have the header's column count: ClickHouse reports an error met
     *                     after it started streaming as text in the body, which lands here
     */
    void forEach(Consumer<List<String>> consumer) throws IOException {
        List<String> names = nextLine();
        List<String> types = nextLine();
        if (names == null || types == null) {
            throw new IOException("result has no header lines");
        }
        boolean[] fixed = new boolean[types.size()];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = types.get(i).contains("FixedString(");
        }
        List<String> row;
        while ((row = nextLine()) != null) {
            if (row.size() != names.size()) {
                throw new IOException("malformed result line: " + abbreviate(String.join("\t", row)));
            }
            for (int i = 0; i < fixed.length; i++) {
                if (fixed[i] && row.get(i) != null) {
                    row.set(i, stripTrailingNuls(row.get(i)));
                }
            }
            consumer.accept(row);
        }
    }

    // Tabs and newlines inside values are escaped, so raw ones only ever separate fields and rows.
    private List<String> nextLine() throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        if (c < 0 && line.length() == 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == '\t') {
                fields.add(TextFormats.unescapeTsv(line.substring(start, i)));
                start = i + 1;
            }
        }
        return fields;
    }

    static String stripTrailingNuls(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '\0') {
            end--;
        }
        return value.substring(0, end);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
