package org.ooni.analysis.store;

import java.util.regex.Pattern;

/**
 * The rows of a table whose value in one column lies between two bounds: how a backup names a chunk (a month of a
 * date/time column, or a keyset page of a sort-key column). A null bound is open. Bounds are text in the form the
 * store prints values in; numeric kinds are checked to be plain numbers, so rendering them unquoted is safe.
 */
public record RowRange(String column, ColumnType.Kind kind, String lower, boolean lowerInclusive, String upper,
                       boolean upperInclusive) {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    public RowRange {
        TableSchema.requireIdentifier(column);
        if (numeric(kind)) {
            for (String bound : new String[] {lower, upper}) {
                if (bound != null && !NUMBER.matcher(bound).matches()) {
                    throw new IllegalArgumentException("not a number: " + bound);
                }
            }
        }
    }

    /** Values from {@code lower} (inclusive) to {@code upper} (exclusive), e.g. one month. */
    public static RowRange halfOpen(String column, ColumnType.Kind kind, String lower, String upper) {
        return new RowRange(column, kind, lower, true, upper, false);
    }

    /** Values after {@code lower} (exclusive; null for the start) up to and including {@code upper}: a keyset page. */
    public static RowRange page(String column, ColumnType.Kind kind, String lower, String upper) {
        return new RowRange(column, kind, lower, false, upper, true);
    }

    static boolean numeric(ColumnType.Kind kind) {
        return switch (kind) {
            case UINT8, UINT32, INT64, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }

    /** The condition as SQL, with identifiers and string literals quoted by the back end's own rules. */
    String sql(java.util.function.UnaryOperator<String> identifier, java.util.function.UnaryOperator<String> string) {
        StringBuilder b = new StringBuilder();
        String col = identifier.apply(column);
        if (lower != null) {
            b.append(col).append(lowerInclusive ? " >= " : " > ").append(literal(lower, string));
        }
        if (upper != null) {
            b.append(b.length() > 0 ? " AND " : "").append(col).append(upperInclusive ? " <= " : " < ")
                    .append(literal(upper, string));
        }
        return b.length() == 0 ? "1 = 1" : b.toString();
    }

    private String literal(String value, java.util.function.UnaryOperator<String> string) {
        return numeric(kind) ? value : string.apply(value);
    }

    /** A readable, store-neutral form for manifests and messages, e.g. {@code "t" >= '2024-01-01' AND ...}. */
    @Override
    public String toString() {
        return sql(c -> "\"" + c + "\"", s -> "'" + s.replace("'", "''") + "'");
    }
}
