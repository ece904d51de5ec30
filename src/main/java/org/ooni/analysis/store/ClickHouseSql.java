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

    /** A string literal; ClickHouse reads backslash escapes inside quotes, so both quote and backslash are escaped. */
    static String string(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
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
