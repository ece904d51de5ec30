package org.ooni.analysis.backup;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a column backed up from one kind of store becomes a column of the other: a type there that holds every value
 * of the source type (NULL stays NULL, unsigned stays unsigned, widths kept), and how each value's text in the
 * backup's CSV becomes the text that store reads. A type with no such counterpart is refused before anything is
 * loaded ({@link IllegalArgumentException} with the reason). Where the two types differ only in range (a DuckDB
 * DATE or TIMESTAMP into ClickHouse) each value is checked as it is converted and one outside the target's range
 * fails the load. Arrays, maps, tuples and other nested types are refused: their text forms differ between the
 * stores. See docs/backup.md for the table.
 */
final class CrossStoreTypes {
    /** A column's type in the target store and the conversion of its values' text (never called for NULL). */
    record Mapped(String type, boolean nullable, UnaryOperator<String> convert) {
    }

    /** What the target server offers that the mapping depends on. */
    record Target(int major, int minor) {
        static Target of(String version) {
            Matcher m = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
            return m.find() ? new Target(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : new Target(0, 0);
        }

        boolean atLeast(int maj, int min) {
            return major > maj || (major == maj && minor >= min);
        }
    }

    private static final Pattern WRAPPED = Pattern.compile("(Nullable|LowCardinality)\\((.*)\\)");
    private static final Pattern DECIMAL = Pattern.compile("Decimal\\((\\d+),\\s*(\\d+)\\)|DECIMAL\\((\\d+),(\\d+)\\)");
    private static final Pattern DECIMAL_N = Pattern.compile("Decimal(32|64|128|256)\\((\\d+)\\)");
    private static final Pattern FIXED = Pattern.compile("FixedString\\((\\d+)\\)");
    private static final Pattern DATETIME = Pattern.compile("DateTime(?:\\('([^']*)'\\))?");
    private static final Pattern DATETIME64 = Pattern.compile("DateTime64\\((\\d)(?:,\\s*'([^']*)')?\\)");
    private static final Pattern ENUM_VALUE = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'\\s*(?:=\\s*-?\\d+)?");
    private static final Map<String, String> CLICKHOUSE_TO_DUCKDB = Map.ofEntries(
            Map.entry("Int8", "TINYINT"), Map.entry("Int16", "SMALLINT"), Map.entry("Int32", "INTEGER"),
            Map.entry("Int64", "BIGINT"), Map.entry("Int128", "HUGEINT"), Map.entry("UInt8", "UTINYINT"),
            Map.entry("UInt16", "USMALLINT"), Map.entry("UInt32", "UINTEGER"), Map.entry("UInt64", "UBIGINT"),
            Map.entry("UInt128", "UHUGEINT"), Map.entry("Bool", "BOOLEAN"), Map.entry("String", "VARCHAR"),
            Map.entry("UUID", "UUID"), Map.entry("Date", "DATE"), Map.entry("Date32", "DATE"),
            Map.entry("IPv4", "VARCHAR"), Map.entry("IPv6", "VARCHAR"));
    private static final Map<String, String> DUCKDB_TO_CLICKHOUSE = Map.ofEntries(
            Map.entry("TINYINT", "Int8"), Map.entry("SMALLINT", "Int16"), Map.entry("INTEGER", "Int32"),
            Map.entry("BIGINT", "Int64"), Map.entry("UTINYINT", "UInt8"), Map.entry("USMALLINT", "UInt16"),
            Map.entry("UINTEGER", "UInt32"), Map.entry("UBIGINT", "UInt64"), Map.entry("VARCHAR", "String"),
            Map.entry("UUID", "UUID"));
    private static final DateTimeFormatter TEXT = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();
    private static final UnaryOperator<String> SAME = v -> v;

    private CrossStoreTypes() {
    }

    /**
     * A ClickHouse column into DuckDB. {@code serverZone} is the time zone of the server the backup came from (the
     * text of a DateTime without its own zone is in it), null when the manifest does not say.
     */
    static Mapped clickHouseToDuckDb(String type, String serverZone) {
        String t = type.strip();
        Matcher w = WRAPPED.matcher(t);
        if (w.matches()) {
            Mapped inner = clickHouseToDuckDb(w.group(2), serverZone);
            return new Mapped(inner.type(), inner.nullable() || w.group(1).equals("Nullable"), inner.convert());
        }
        String simple = CLICKHOUSE_TO_DUCKDB.get(t);
        if (simple != null) {
            return new Mapped(simple, false, SAME);
        }
        if (t.equals("Float32") || t.equals("Float64")) {
            return new Mapped(t.equals("Float32") ? "FLOAT" : "DOUBLE", false, CrossStoreTypes::duckDbFloat);
        }
        Matcher m = FIXED.matcher(t);
        if (m.matches()) {
            // FixedString pads with NULs: 'ab' and 'ab\0' are one value there, 'ab' in VARCHAR
            return new Mapped("VARCHAR", false, CrossStoreTypes::withoutNulPadding);
        }
        m = DECIMAL.matcher(t);
        if (m.matches()) {
            return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), type);
        }
        m = DECIMAL_N.matcher(t);
        if (m.matches()) {
            int precision = switch (m.group(1)) {
                case "32" -> 9;
                case "64" -> 18;
                case "128" -> 38;
                default -> 76;
            };
            return decimal(precision, Integer.parseInt(m.group(2)), type);
        }
        m = DATETIME.matcher(t);
        if (m.matches()) {
            ZoneId zone = zone(m.group(1), serverZone, type);
            return new Mapped("TIMESTAMP", false, v -> inUtc(v, zone));
        }
        m = DATETIME64.matcher(t);
        if (m.matches()) {
            ZoneId zone = zone(m.group(2), serverZone, type);
            return new Mapped(Integer.parseInt(m.group(1)) <= 6 ? "TIMESTAMP" : "TIMESTAMP_NS", false,
                    v -> inUtc(v, zone));
        }
        if (t.startsWith("Enum8(") || t.startsWith("Enum16(")) {
            return new Mapped(duckDbEnum(enumValues(t)), false, SAME);
        }
        throw new IllegalArgumentException(type + " has no DuckDB type that holds all its values");
    }

    /** A DuckDB column into ClickHouse; {@code notNull} from the recorded DDL. */
    static Mapped duckDbToClickHouse(String type, boolean notNull, Target server) {
        Mapped base = duckDbBase(type.strip(), server);
        return notNull ? base : new Mapped("Nullable(" + base.type() + ")", true, base.convert());
    }

    private static Mapped duckDbBase(String t, Target server) {
        String simple = DUCKDB_TO_CLICKHOUSE.get(t);
        if (simple != null) {
            return new Mapped(simple, false, SAME);
        }
        switch (t) {
            case "HUGEINT", "UHUGEINT" -> {
                if (!server.atLeast(21, 1)) {
                    throw new IllegalArgumentException(t + " needs Int128/UInt128 (ClickHouse 21.1 or later)");
                }
                return new Mapped(t.equals("HUGEINT") ? "Int128" : "UInt128", false, SAME);
            }
            case "FLOAT", "REAL" -> {
                return new Mapped("Float32", false, SAME);
            }
            case "DOUBLE" -> {
                return new Mapped("Float64", false, SAME);
            }
            case "BOOLEAN" -> {
                return server.atLeast(22, 1) ? new Mapped("Bool", false, SAME)
                        : new Mapped("UInt8", false, v -> v.equals("true") ? "1" : "0");
            }
            case "DATE" -> {
                return server.atLeast(21, 9)
                        ? new Mapped("Date32", false, v -> dateIn(v, LocalDate.of(1900, 1, 1), LocalDate.of(2299, 12, 31)))
                        : new Mapped("Date", false, v -> dateIn(v, LocalDate.of(1970, 1, 1), LocalDate.of(2149, 6, 6)));
            }
            case "TIMESTAMP" -> {
                if (server.atLeast(20, 1)) {
                    return new Mapped("DateTime64(6, 'UTC')", false, v -> timeIn(v, 1900, 2299, false));
                }
                return new Mapped("DateTime('UTC')", false, v -> timeIn(v, 1970, 2105, true));
            }
            default -> {
            }
        }
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
            return new Mapped("Decimal(" + m.group(3) + ", " + m.group(4) + ")", false, SAME);
        }
        if (t.startsWith("ENUM(")) {
            List<String> values = enumValues(t);
            String kind = values.size() <= 127 ? "Enum8" : "Enum16";
            String body = java.util.stream.IntStream.range(0, values.size())
                    .mapToObj(i -> clickHouseString(values.get(i)) + " = " + (i + 1)).collect(Collectors.joining(", "));
            return new Mapped(kind + "(" + body + ")", false, SAME);
        }
        throw new IllegalArgumentException(t + " has no ClickHouse type that holds all its values"
                + (server.major() > 0 ? " on server " + server.major() + "." + server.minor() : ""));
    }

    private static Mapped decimal(int precision, int scale, String type) {
        if (precision > 38) {
            throw new IllegalArgumentException(type + " has more digits than DuckDB's DECIMAL (38)");
        }
        return new Mapped("DECIMAL(" + precision + "," + scale + ")", false, SAME);
    }

    private static ZoneId zone(String own, String serverZone, String type) {
        String name = own != null ? own : serverZone;
        if (name == null) {
            throw new IllegalArgumentException(type + " has no time zone and the manifest does not record the"
                    + " server's, so its text cannot be placed in time");
        }
        return ZoneId.of(name);
    }

    // ClickHouse writes a DateTime's text in its zone; DuckDB's TIMESTAMP here holds UTC, as the backup does
    private static String inUtc(String v, ZoneId zone) {
        LocalDateTime local = LocalDateTime.parse(v, TEXT);
        LocalDateTime utc = local.atZone(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        return TEXT.format(utc) + fraction(v);
    }

    private static String fraction(String v) {
        int dot = v.indexOf('.');
        return dot < 0 ? "" : v.substring(dot);
    }

    private static String dateIn(String v, LocalDate min, LocalDate max) {
        LocalDate d = LocalDate.parse(v);
        if (d.isBefore(min) || d.isAfter(max)) {
            throw new IllegalArgumentException(v + " is outside the target's range " + min + " to " + max);
        }
        return v;
    }

    private static String timeIn(String v, int minYear, int maxYear, boolean wholeSeconds) {
        LocalDateTime t = LocalDateTime.parse(v, TEXT);
        if (t.getYear() < minYear || t.getYear() > maxYear) {
            throw new IllegalArgumentException(v + " is outside the target's years " + minYear + " to " + maxYear);
        }
        if (wholeSeconds && t.getNano() != 0) {
            throw new IllegalArgumentException(v + " has a fraction of a second; DateTime holds whole seconds");
        }
        return v;
    }

    private static String duckDbFloat(String v) {
        return switch (v) {
            case "inf", "+inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            case "nan", "-nan" -> "NaN";
            default -> v;
        };
    }

    private static String withoutNulPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    static List<String> enumValues(String type) {
        Matcher m = ENUM_VALUE.matcher(type.substring(type.indexOf('(') + 1));
        List<String> values = new java.util.ArrayList<>();
        while (m.find()) {
            values.add(m.group(1).replace("\\'", "'").replace("''", "'").replace("\\\\", "\\"));
        }
        return values;
    }

    private static String duckDbEnum(List<String> values) {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", ", "ENUM(", ")"));
    }

    private static String clickHouseString(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
