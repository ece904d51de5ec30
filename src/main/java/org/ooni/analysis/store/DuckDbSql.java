package org.ooni.analysis.store;

import java.util.stream.Collectors;

/**
 * Renders declared schemas, names and values as DuckDB SQL text. Names that come from a caller are checked with
 * {@link TableSchema#requireIdentifier} before they are quoted ({@link #identifier}); string values are quoted with
 * {@link #string}.
 */
final class DuckDbSql {
    private DuckDbSql() {
    }

    /** A name quoted as it is: for names a {@link TableSchema} or the database itself gave. */
    static String quote(String name) {
        return "\"" + name + "\"";
    }

    /** A caller's name, checked to be a plain identifier, then quoted. */
    static String identifier(String name) {
        TableSchema.requireIdentifier(name);
        return quote(name);
    }

    /** A string literal: DuckDB reads no backslash escapes, so only the quote is doubled. */
    static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The column type of a declared type; also the name of the driver's {@code DuckDBColumnType} constant, which
     * {@link DuckDbRowSource} relies on.
     */
    static String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING, FIXED_STRING, ENUM8 -> "VARCHAR";
            case UINT8 -> "UTINYINT";
            case UINT32 -> "UINTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP";
        };
    }

    static String createTable(TableSchema schema, boolean ifNotExists) {
        String cols = schema.columns().stream()
                .map(c -> quote(c.name()) + " " + type(c.type()) + " NOT NULL")
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + quote(schema.name()) + " (" + cols + ")";
    }

    /** A WHERE clause for the rows in {@code range}; nothing (every row) when it is null. */
    static String where(RowRange range) {
        return range == null ? "" : " WHERE " + range.sql(DuckDbSql::quote, DuckDbSql::string);
    }
}
