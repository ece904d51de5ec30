package org.ooni.analysis.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parameter checks shared by the endpoints; each failure is a 400 that names the parameter and the rule. */
final class Validate {
    static final long MAX_ASN = 4294967295L;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*\\.?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATETIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?");

    private Validate() {
    }

    /** A value as quoted in an error message: bounded, and printable so it cannot forge log or JSON structure. */
    static String shown(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : new String(Character.toChars(c))));
        return b.toString();
    }

    static String required(Request r, String name) {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            throw ApiError.badRequest("parameter '" + name + "' is required");
        }
        return v;
    }

    /** An ASN, digits only or prefixed AS, in 0..4294967295. */
    static long asn(String name, String value) {
        String digits = value.regionMatches(true, 0, "AS", 0, 2) ? value.substring(2) : value;
        if (!DIGITS.matcher(digits).matches() || Long.parseLong(digits) > MAX_ASN) {
            throw ApiError.badRequest("parameter '" + name + "' must be a number in 0.." + MAX_ASN + ", not '"
                    + shown(value) + "'");
        }
        return Long.parseLong(digits);
    }

    /** A two-letter country code, returned upper-case. */
    static String country(String name, String value) {
        if (!COUNTRY.matcher(value).matches()) {
            throw ApiError.badRequest("parameter '" + name + "' must be a two-letter country code, not '"
                    + shown(value) + "'");
        }
        return value.toUpperCase(java.util.Locale.ROOT);
    }

    /** A host name: letters, digits, hyphens and dots, at most 253 characters; returned lower-case. */
    static String domain(String name, String value) {
        if (value.length() > 253 || !DOMAIN.matcher(value).matches()) {
            throw ApiError.badRequest("parameter '" + name + "' must be a domain name (letters, digits, '-' and '.',"
                    + " at most 253 characters), not '" + shown(value) + "'");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    static int integer(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw ApiError.badRequest("parameter '" + name + "' must be an integer in " + min + ".." + max + ", not '"
                + shown(value) + "'");
    }

    /** {@code YYYY-MM-DD} (midnight UTC) or {@code YYYY-MM-DDTHH:MM[:SS][Z]} in UTC. */
    static Instant time(String name, String value) {
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (DATETIME.matcher(value).matches()) {
                String t = value.replace(' ', 'T');
                t = t.endsWith("Z") ? t.substring(0, t.length() - 1) : t;
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ApiError.badRequest("parameter '" + name + "' must be a UTC date YYYY-MM-DD or time YYYY-MM-DDTHH:MM:SSZ,"
                + " not '" + shown(value) + "'");
    }
}
