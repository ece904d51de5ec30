package org.ooni.analysis.store;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Escaping rules of the text output formats, shared by back ends that render rows themselves. */
public final class TextFormats {
    private TextFormats() {
    }

    /** Writes one TSV field the way ClickHouse's TabSeparated format does (NULL as \N). */
    public static void writeTsvField(Writer out, String value) throws IOException {
        if (value == null) {
            out.write("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\\' -> out.write("\\\\");
                case '\0' -> out.write("\\0");
                default -> out.write(c);
            }
        }
    }

    /** Writes one RFC 4180 CSV field, quoting only when needed (NULL as an empty field). */
    public static void writeCsvField(Writer out, String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = value.isEmpty() ? false : needsQuotes(value);
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }

    /**
     * Writes one RFC 4180 CSV field that keeps NULL and the empty string apart: NULL as an empty field, the empty
     * string quoted ({@code ""}). How DuckDB's CSV output reads back without turning one into the other.
     */
    public static void writeCsvValue(Writer out, String value) throws IOException {
        if (value != null && value.isEmpty()) {
            out.write("\"\"");
            return;
        }
        writeCsvField(out, value);
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes one row in {@code format} as a back end that renders rows itself does: TSV fields as
     * {@link #writeTsvField} ending in LF, CSV values as {@link #writeCsvValue} ending in CRLF.
     */
    static void writeRow(Writer w, OutputFormat format, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (format == OutputFormat.TSV_WITH_NAMES) {
                if (i > 0) {
                    w.write('\t');
                }
                writeTsvField(w, values.get(i));
            } else {
                if (i > 0) {
                    w.write(',');
                }
                writeCsvValue(w, values.get(i));
            }
        }
        w.write(format == OutputFormat.TSV_WITH_NAMES ? "\n" : "\r\n");
    }

    /** Undoes {@link #writeTsvField}: how rows read back from ClickHouse as TSV become strings. */
    public static String unescapeTsv(String field) {
        if (field.equals("\\N")) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                b.append(c);
                continue;
            }
            char n = field.charAt(++i);
            switch (n) {
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case '\'' -> b.append('\'');
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
