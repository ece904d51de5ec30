package org.ooni.analysis.store;

import java.util.List;

/**
 * Logical column type, declared once and rendered per back end.
 *
 * @param kind        the logical kind
 * @param length      the byte length for {@link Kind#FIXED_STRING}, else 0
 * @param enumValues  the allowed values in code order (codes start at 1) for {@link Kind#ENUM8}
 */
public record ColumnType(Kind kind, int length, List<String> enumValues) {
    /** Logical kinds the jobs need. */
    public enum Kind { STRING, FIXED_STRING, ENUM8, UINT8, UINT32, INT64, FLOAT32, FLOAT64, DATE, DATETIME }

    public ColumnType {
        enumValues = List.copyOf(enumValues);
    }

    public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, List.of());
    public static final ColumnType UINT8 = new ColumnType(Kind.UINT8, 0, List.of());
    public static final ColumnType UINT32 = new ColumnType(Kind.UINT32, 0, List.of());
    public static final ColumnType INT64 = new ColumnType(Kind.INT64, 0, List.of());
    public static final ColumnType FLOAT32 = new ColumnType(Kind.FLOAT32, 0, List.of());
    public static final ColumnType FLOAT64 = new ColumnType(Kind.FLOAT64, 0, List.of());
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, List.of());
    public static final ColumnType DATETIME = new ColumnType(Kind.DATETIME, 0, List.of());

    public static ColumnType fixedString(int length) {
        return new ColumnType(Kind.FIXED_STRING, length, List.of());
    }

    public static ColumnType enum8(List<String> values) {
        return new ColumnType(Kind.ENUM8, 0, values);
    }
}
