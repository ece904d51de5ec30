package org.ooni.analysis.fingerprints;

import java.util.Locale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes realistic synthetic fingerprint files in the upstream format (CRLF line ends, quoted fields where needed,
 * a multi-line quoted pattern with a CRLF inside, non-ASCII patterns, a Python-syntax regexp with a backreference).
 * Used for the shipped example, the tests and the matcher benchmark; deterministic for a given seed. Not derived from the upstream data.
 */
public final class SyntheticFingerprints {
    static final String[] COUNTRIES = {"IR", "RU", "TR", "CN", "EG", "PK", "IN", "ID", "KZ", "BY", "SA", "AE", "VN",
        "TH", "MY", "UZ", "AZ", "CU", "VE", "ET"};
    private static final String[] ISPS = {"mci", "irancell", "rostelecom", "turktelekom", "telkom", "etisalat", "ptcl",
        "jio", "airtel", "beltelecom", "kazakhtelecom", "viettel", "true", "unifi", "stc"};
    private static final String[] PRODUCTS = {"fortinet", "netsweeper", "sophos", "mikrotik", "paloalto", "squid",
        "cisco", "sonicwall", "websense", "bluecoat", "kerio", "pfsense"};
    private static final String[] WORDS = {"access", "denied", "blocked", "restricted", "forbidden", "content",
        "filtered", "policy", "request", "website", "category", "violation", "notice", "regulation", "authority",
        "unavailable", "page", "internet", "court", "order", "ministry", "telecom", "security", "gateway"};
    private static final String[] HEADERS = {"server", "location", "x-squid-error", "via", "x-blocked-by", "set-cookie"};

    private SyntheticFingerprints() {
    }

    /** {@code n} DNS fingerprints: answers that national or ISP resolvers give for blocked names. */
    public static List<Fingerprint> dns(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Fingerprint> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String cc = COUNTRIES[(i - 1) % COUNTRIES.length];
            String scope = i % 9 == 0 ? "fp" : i % 7 == 0 ? "prod" : i % 5 == 0 ? "isp" : i % 11 == 0 ? "inst" : "nat";
            String name = scope + "_" + label(scope, cc, r) + "_dns_" + i;
            String answer = i % 4 == 0 ? "blocked." + ISPS[r.nextInt(ISPS.length)] + "-" + i + ".example"
                    : i % 13 == 0 ? "2001:db8::" + Integer.toHexString(i) : "10." + (i / 250) + "." + (i % 250) + ".1";
            String countries = scope.equals("fp") || scope.equals("prod") ? "" : cc;
            String notes = i == 3 ? "answer seen in \"A\" and \"AAAA\" queries, since 2021" : "";
            out.add(new Fingerprint(name, scope, i % 6 == 0 ? "legacy_" + i : "", "dns", PatternType.FULL, answer,
                    r.nextInt(101), countries, "https://ooni.example/measurement/" + i, "", notes));
        }
        return out;
    }

    /** {@code n} HTTP fingerprints: block-page markers in bodies and headers, with every pattern type. */
    public static List<Fingerprint> http(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Fingerprint> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String cc = COUNTRIES[(i - 1) % COUNTRIES.length];
            String scope = switch (i % 10) {
                case 1, 4 -> "isp";
                case 2 -> "prod";
                case 3 -> "inst";
                case 5 -> "fp";
                case 6 -> "injb";
                case 7 -> "prov";
                case 8 -> "vbw";
                default -> "nat";
            };
            String name = scope + "_" + label(scope, cc, r) + "_http_" + i;
            String location = "body";
            PatternType type = PatternType.CONTAINS;
            String pattern = "<title>" + word(r) + " " + word(r) + " #" + i + "</title>";
            if (i % 8 == 0) {
                location = "header." + HEADERS[r.nextInt(HEADERS.length)];
                type = i % 16 == 0 ? PatternType.PREFIX : PatternType.CONTAINS;
                pattern = location.equals("header.location") ? "http://" + word(r) + ".block-" + i + ".example/"
                        : PRODUCTS[r.nextInt(PRODUCTS.length)] + "/" + i + "." + r.nextInt(10);
            } else if (i % 25 == 0) {
                type = PatternType.REGEXP;
                pattern = "(" + word(r) + "|" + word(r) + ") by [a-z]+ ref=" + i + "[0-9]{2}";
            } else if (i % 31 == 0) {
                type = PatternType.PREFIX;
                pattern = "<!DOCTYPE html><!-- " + word(r) + "-" + i + " -->";
            } else if (i % 37 == 0) {
                type = PatternType.FULL;
                pattern = "<html><body>" + word(r) + " " + i + "</body></html>";
            } else if (i % 17 == 0) {
                pattern = "iframe src=\"http://10." + (i % 250) + ".0.1/" + word(r) + "\"";
            }
            String countries = scope.equals("fp") || scope.equals("prod") ? "" : i % 12 == 0 ? cc + ",ZZ" : cc;
            out.add(new Fingerprint(name, scope, "", location, type, pattern, r.nextInt(256), countries,
                    i % 3 == 0 ? "community report" : "", i % 5 == 0 ? "https://blocked-" + i + ".example/" : "", ""));
        }
        // Rows the format allows and a parser must keep exactly: a multi-line pattern with a CRLF inside,
        // non-ASCII text, and a regexp in Python's syntax that needs backtracking (a named group and a backreference
        // to it), which the matcher runs under a step budget.
        if (n >= 4) {
            out.set(0, with(out.get(0), "<div class=\"blocked\">\r\n<h1>Access denied</h1>", PatternType.CONTAINS,
                    "body", "block page spans two lines, CRLF inside"));
            out.set(1, with(out.get(1), "Доступ к ресурсу ограничен", PatternType.CONTAINS, "body",
                    "Russian: access to the resource is restricted"));
            out.set(2, with(out.get(2), "دسترسی به این وب‌سایت امکان‌پذیر نیست", PatternType.CONTAINS, "body",
                    "Persian block page"));
            out.set(3, with(out.get(3), "(?P<isp>[a-z]+) has blocked this site \\((?P=isp) filter\\)", PatternType.REGEXP,
                    "body", "written for Python re: named group and backreference"));
        }
        return out;
    }

    private static Fingerprint with(Fingerprint f, String pattern, PatternType type, String location, String notes) {
        return new Fingerprint(f.name(), f.scope(), f.otherNames(), location, type, pattern, f.confidenceNoFp(),
                f.expectedCountries(), f.source(), f.expUrl(), notes);
    }

    private static String label(String scope, String cc, SplittableRandom r) {
        return switch (scope) {
            case "prod" -> PRODUCTS[r.nextInt(PRODUCTS.length)];
            case "isp" -> cc.toLowerCase(Locale.ROOT) + "_" + ISPS[r.nextInt(ISPS.length)];
            default -> cc.toLowerCase(Locale.ROOT);
        };
    }

    static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    /** The file text: the upstream header, one CRLF-terminated line per row, fields quoted only where needed. */
    public static String toCsv(List<Fingerprint> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", FingerprintTables.HEADER)).append("\r\n");
        for (Fingerprint f : rows) {
            Object[] values = f.toRow();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(quote(String.valueOf(values[i])));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    /** Writes {@code fingerprints_dns.csv} and {@code fingerprints_http.csv} into {@code dir}. */
    public static void write(Path dir, int dnsRows, int httpRows, long seed) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FingerprintKind.DNS.fileName()), toCsv(dns(dnsRows, seed)),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(FingerprintKind.HTTP.fileName()), toCsv(http(httpRows, seed + 1)),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/bench fingerprints.SyntheticFingerprints DIR [DNS_ROWS HTTP_ROWS SEED]} */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/fingerprints");
        int dnsRows = args.length > 1 ? Integer.parseInt(args[1]) : 140;
        int httpRows = args.length > 2 ? Integer.parseInt(args[2]) : 160;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        write(dir, dnsRows, httpRows, seed);
        System.out.println("wrote " + dnsRows + " DNS and " + httpRows + " HTTP fingerprints to " + dir);
    }
}
