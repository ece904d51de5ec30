package org.ooni.analysis.backup;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ooni.analysis.store.StoreUrl;

/**
 * The {@code CREATE TABLE} statement a backup recorded, renamed for a restore: only the table's name (and any
 * database prefix, so the table lands in the current database) changes; types, defaults, codecs, MATERIALIZED and
 * ALIAS columns, engine and settings stay as they were. The text comes from the bucket, so it must be one
 * {@code CREATE TABLE} of the backed-up table and nothing after it.
 */
final class RecordedDdl {
    private static final String NAME = "(?:`[^`]+`|\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern HEAD = Pattern.compile("^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "(?:" + NAME + "\\.)?(" + NAME + ")(?=[\\s(])", Pattern.CASE_INSENSITIVE);

    private RecordedDdl() {
    }

    /** The DDL creating {@code newName} instead of {@code table}; a message saying why not otherwise. */
    static String renamed(String ddl, String table, String newName, StoreUrl.Kind kind) {
        Matcher m = HEAD.matcher(ddl);
        if (!m.find()) {
            throw new IllegalArgumentException("the recorded DDL is not a CREATE TABLE statement");
        }
        String name = m.group(1);
        if (name.length() > 1 && (name.charAt(0) == '`' || name.charAt(0) == '"')) {
            name = name.substring(1, name.length() - 1);
        }
        if (!name.equals(table)) {
            throw new IllegalArgumentException("the recorded DDL creates " + name + ", not " + table);
        }
        String body = withoutTrailingSemicolon(ddl.substring(m.end()));
        String quoted = kind == StoreUrl.Kind.CLICKHOUSE ? "`" + newName + "`" : "\"" + newName + "\"";
        return "CREATE TABLE " + quoted + body;
    }

    // one statement only: a ';' outside quotes (but a last one) would start another
    private static String withoutTrailingSemicolon(String body) {
        String s = body.stripTrailing();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                throw new IllegalArgumentException("the recorded DDL holds more than one statement");
            }
        }
        return s;
    }

    /**
     * Whether a DuckDB DDL declares {@code column} (of type {@code type}, as information_schema names it) NOT
     * NULL: information_schema's type names carry no nullability, the recorded DDL does.
     */
    static boolean duckDbNotNull(String ddl, String column, String type) {
        if (ddl == null || ddl.isBlank()) {
            return false;
        }
        Pattern p = Pattern.compile("[(,]\\s*(?:\"" + Pattern.quote(column) + "\"|" + Pattern.quote(column) + ")\\s+"
                + Pattern.quote(type) + "((?:\\s+[A-Z]+)*)", Pattern.CASE_INSENSITIVE);
        Matcher m = p.matcher(ddl);
        return m.find() && m.group(1).toUpperCase(Locale.ROOT).contains("NOT NULL");
    }

    static Optional<String> nonBlank(String ddl) {
        return ddl == null || ddl.isBlank() ? Optional.empty() : Optional.of(ddl);
    }
}
