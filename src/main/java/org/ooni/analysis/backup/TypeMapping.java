package org.ooni.analysis.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ooni.analysis.store.ColumnType;

/**
 * Maps a native column type of either store, as a manifest records it, to the logical type both stores render:
 * how a table backed up from ClickHouse is recreated in DuckDB and the other way round. Types outside the logical
 * set widen (Int32 to INT64, UInt16 to UINT32); Nullable and LowCardinality wrappers are dropped.
 */
final class TypeMapping {
    private static final Pattern WRAPPED = Pattern.compile("(?:Nullable|LowCardinality)\\((.*)\\)");
    private static final Pattern FIXED = Pattern.compile("FixedString\\((\\d+)\\)");
    private static final Pattern ENUM_VALUE = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'\\s*=\\s*-?\\d+");

    private TypeMapping() {
    }

    static ColumnType logical(String nativeType) {
        String t = nativeType.strip();
        Matcher wrapped = WRAPPED.matcher(t);
        if (wrapped.matches()) {
            return logical(wrapped.group(1));
        }
        Matcher fixed = FIXED.matcher(t);
        if (fixed.matches()) {
            return ColumnType.fixedString(Integer.parseInt(fixed.group(1)));
        }
        if (t.startsWith("Enum8(") || t.startsWith("Enum16(")) {
            return ColumnType.enum8(enumValues(t));
        }
        if (t.startsWith("DateTime") || t.startsWith("TIMESTAMP")) {
            return ColumnType.DATETIME;
        }
        return switch (t) {
            case "String", "VARCHAR", "UUID" -> ColumnType.STRING;
            case "UInt8", "UTINYINT", "BOOLEAN" -> ColumnType.UINT8;
            case "UInt16", "UInt32", "USMALLINT", "UINTEGER" -> ColumnType.UINT32;
            case "Int8", "Int16", "Int32", "Int64", "UInt64", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UBIGINT" ->
                    ColumnType.INT64;
            case "Float32", "FLOAT", "REAL" -> ColumnType.FLOAT32;
            case "Float64", "DOUBLE" -> ColumnType.FLOAT64;
            case "Date", "DATE" -> ColumnType.DATE;
            default -> throw new IllegalArgumentException("no restorable type for " + nativeType);
        };
    }

    private static List<String> enumValues(String type) {
        List<String> values = new ArrayList<>();
        Matcher m = ENUM_VALUE.matcher(type);
        while (m.find()) {
            values.add(m.group(1).replace("\\'", "'").replace("\\\\", "\\"));
        }
        return values;
    }
}
