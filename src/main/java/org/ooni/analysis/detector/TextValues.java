package org.ooni.analysis.detector;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Parses the text both back ends give for query results: numbers (including ClickHouse's {@code nan}/{@code inf})
 * and DATETIME values {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC. The time parser is hand-written because it runs
 * once per measurement row.
 */
public final class TextValues {
    private TextValues() {
    }

    public static double toDouble(String s) {
        return switch (s) {
            case "nan", "NaN", "-nan" -> Double.NaN;
            case "inf", "+inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Epoch seconds of {@code yyyy-MM-dd HH:mm:ss} (also with a {@code T}, and any fraction, which is dropped). */
    public static long epochSeconds(String s) {
        if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new IllegalArgumentException("not a date-time: " + s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        long days = LocalDate.of(year, month, day).toEpochDay();
        return days * 86400 + digits(s, 11, 2) * 3600L + digits(s, 14, 2) * 60L + digits(s, 17, 2);
    }

    public static Instant instant(String s) {
        return Instant.ofEpochSecond(epochSeconds(s));
    }

    /** The SQL literal both back ends compare DATETIME columns with. */
    public static String literal(Instant t) {
        return "'" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(t) + "'";
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a date-time: " + s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
