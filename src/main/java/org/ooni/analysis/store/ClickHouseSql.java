package org.ooni.analysis.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders declared schemas and values as ClickHouse SQL text that every server from 18.16 on accepts.
 * Identifiers come from {@link TableSchema} declarations only; string values are quoted with {@link #string}.
 */
final class ClickHouseSql {
    private ClickHouseSql() {
    }

    static String identifier(String name) {
        TableSchema.requireIdentifier(name);
        return "`" + name + "`";
    }

    static String identifiers(List<String> names) {
        return names.stream().map(ClickHouseSql::identifier).collect(Collectors.joining(", "));
    }

    /**
     * A string literal; ClickHouse reads backslash escapes inside quotes, so quote and backslash are escaped, and
     * NUL too (written as the escape {@code \\0}, so no raw NUL byte ever reaches the server's parser).
     */
    static String string(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0") + "'";
    }

    private static final java.time.format.DateTimeFormatter DATETIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /** One value as a literal typed by its Java class; anything else is a programming error. */
    static String literal(Object value) {
        if (value instanceof String s) {
            return string(s);
        } else if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        } else if (value instanceof java.time.LocalDate d) {
            return "'" + d + "'";
        } else if (value instanceof java.time.Instant t) {
            return "'" + DATETIME.format(t) + "'";
        }
        throw new IllegalArgumentException("cannot bind a " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * Replaces each {@code ?} outside quotes and backticks with the next value's {@link #literal}; the count of
     * placeholders and values must agree.
     */
    static String bind(String sql, List<?> params) {
        StringBuilder out = new StringBuilder(sql.length() + 16 * params.size());
        int next = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < sql.length()) {
                    out.append(c).append(sql.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
                out.append(c);
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '?') {
                if (next == params.size()) {
                    throw new IllegalArgumentException("more placeholders than the " + params.size() + " values");
                }
                out.append(literal(params.get(next++)));
            } else {
                out.append(c);
            }
        }
        if (next != params.size()) {
            throw new IllegalArgumentException(params.size() + " values for " + next + " placeholders");
        }
        return out.toString();
    }

    static String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "String";
            case FIXED_STRING -> "FixedString(" + type.length() + ")";
            case ENUM8 -> enum8(type.enumValues());
            case UINT8 -> "UInt8";
            case UINT32 -> "UInt32";
            case INT64 -> "Int64";
            case FLOAT32 -> "Float32";
            case FLOAT64 -> "Float64";
            case DATE -> "Date";
            // An explicit zone makes the text form of the column UTC in and out, whatever the server's time zone.
            case DATETIME -> "DateTime('UTC')";
        };
    }

    private static String enum8(List<String> values) {
        if (values.isEmpty() || values.size() > 127) {
            throw new IllegalArgumentException("Enum8 needs 1 to 127 values, got " + values.size());
        }
        StringBuilder b = new StringBuilder("Enum8(");
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? ", " : "").append(string(values.get(i))).append(" = ").append(i + 1);
        }
        return b.append(')').toString();
    }

    /**
     * CREATE TABLE for a declaration. {@code EMBEDDED_ROCKSDB} needs exactly one key column and a server that has
     * the engine; otherwise it becomes a MergeTree with the same key.
     */
    static String createTable(TableSchema schema, boolean ifNotExists, boolean serverHasRocksDb) {
        String columns = schema.columns().stream()
                .map(c -> identifier(c.name()) + " " + type(c.type()))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + identifier(schema.name())
                + " (" + columns + ") ENGINE = " + engine(schema, serverHasRocksDb);
    }

    private static String engine(TableSchema schema, boolean serverHasRocksDb) {
        String key = schema.orderBy().isEmpty() ? "tuple()" : "(" + identifiers(schema.orderBy()) + ")";
        return switch (schema.engine()) {
            case MERGE_TREE -> "MergeTree ORDER BY " + key;
            case REPLACING_MERGE_TREE -> "ReplacingMergeTree ORDER BY " + key;
            case EMBEDDED_ROCKSDB -> serverHasRocksDb && schema.orderBy().size() == 1
                    ? "EmbeddedRocksDB PRIMARY KEY " + identifier(schema.orderBy().get(0))
                    : "MergeTree ORDER BY " + key;
        };
    }
}
