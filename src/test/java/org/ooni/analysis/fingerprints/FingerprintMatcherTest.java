package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintMatcherTest {
    private static Fingerprint fp(String name, String scope, String location, PatternType type, String pattern,
                                  String countries) {
        return new Fingerprint(name, scope, "", location, type, pattern, 7, countries, "", "", "");
    }

    private static final List<Fingerprint> ROWS = List.of(
            fp("nat_ir_dns_1", "nat", "dns", PatternType.FULL, "10.10.34.35", "IR"),
            fp("prod_x_dns_2", "prod", "dns", PatternType.FULL, "blocked.example", "RU,TR"),
            fp("fp_dns_3", "fp", "dns", PatternType.FULL, "127.0.0.1", ""),
            fp("isp_b_contains", "isp", "body", PatternType.CONTAINS, "Access denied", ""),
            fp("prod_b_prefix", "prod", "body", PatternType.PREFIX, "<html><head><title>Blocked", ""),
            fp("inst_b_full", "inst", "body", PatternType.FULL, "blocked", "EG"),
            fp("vbw_b_regexp", "vbw", "body", PatternType.REGEXP, "ref=[0-9]{3}\\b", "PK"),
            fp("nat_b_ru", "nat", "body", PatternType.CONTAINS, "Доступ ограничен", "RU"),
            fp("prov_b_bad_regexp", "prov", "body", PatternType.REGEXP, "(?P<x>a)(", ""),
            fp("fp_b_cloudflare", "fp", "body", PatternType.CONTAINS, "cf-ray", ""),
            fp("isp_h_server_full", "isp", "header.server", PatternType.FULL, "Blocker/1.0", ""),
            fp("prod_h_location_prefix", "prod", "header.location", PatternType.PREFIX, "http://block.example/", "TR"),
            fp("injb_h_via_contains", "injb", "header.via", PatternType.CONTAINS, "squid", ""),
            fp("inst_h_cookie_regexp", "inst", "header.set-cookie", PatternType.REGEXP, "^blk=[a-f0-9]+", "IN"),
            fp("nat_b_regexp_nonascii", "nat", "body", PatternType.REGEXP, "Erişim (engellendi|kısıtlandı)", "TR"));

    private final FingerprintMatcher matcher = new FingerprintMatcher(ROWS);

    private static List<String> names(List<FingerprintMatch> matches) {
        return matches.stream().map(FingerprintMatch::name).toList();
    }

    private List<String> body(String body) {
        return names(matcher.matchHttp(new HttpResponseSample(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), null));
    }

    private List<String> header(String name, String value) {
        return names(matcher.matchHttp(new HttpResponseSample(200, Map.of(name, List.of(value)), new byte[0]), null));
    }

    @Test
    void dnsMatchesByExactEquality() {
        assertEquals(List.of("nat_ir_dns_1"), names(matcher.matchDns("10.10.34.35", null)));
        assertEquals(List.of("prod_x_dns_2"), names(matcher.matchDns("blocked.example", null)));
        assertEquals(List.of(), names(matcher.matchDns("10.10.34.3", null)));
        assertEquals(List.of(), names(matcher.matchDns("10.10.34.350", null)));
        assertEquals(List.of(), names(matcher.matchDns("BLOCKED.example", null)));
    }

    @Test
    void bodyPatternTypes() {
        assertEquals(List.of("isp_b_contains"), body("<p>Sorry. Access denied by policy</p>"));
        assertEquals(List.of(), body("access denied"));
        assertEquals(List.of("prod_b_prefix"), body("<html><head><title>Blocked site</title>"));
        assertEquals(List.of(), body(" <html><head><title>Blocked site</title>"));
        assertEquals(List.of("inst_b_full"), body("blocked"));
        assertEquals(List.of(), body("blocked\n"));
        assertEquals(List.of("vbw_b_regexp"), body("see ref=123 now"));
        assertEquals(List.of(), body("see ref=1234 now"));
        assertEquals(List.of("isp_b_contains", "prod_b_prefix", "vbw_b_regexp"),
                body("<html><head><title>Blocked</title></head>Access denied ref=999</html>"));
    }

    @Test
    void nonAsciiPatternsMatchAsUtf8Bytes() {
        assertEquals(List.of("nat_b_ru"), body("<h1>Доступ ограничен</h1>"));
        assertEquals(List.of("nat_b_regexp_nonascii"), body("<b>Erişim kısıtlandı</b>"));
        assertEquals(List.of(), body("<b>Erisim engellendi</b>"));
    }

    @Test
    void binaryAndNonUtf8BodyStillMatches() {
        byte[] marker = "Access denied".getBytes(StandardCharsets.US_ASCII);
        byte[] ru = "Доступ ограничен".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[4096];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 131 + 7); // every byte value, invalid UTF-8 throughout
        }
        System.arraycopy(marker, 0, body, 1000, marker.length);
        System.arraycopy(ru, 0, body, 3000, ru.length);
        body[0] = (byte) 0xff;
        body[2000] = 'r';
        System.arraycopy("ref=777 ".getBytes(StandardCharsets.US_ASCII), 0, body, 2000, 8);
        assertEquals(List.of("isp_b_contains", "vbw_b_regexp", "nat_b_ru"),
                names(matcher.matchHttp(new HttpResponseSample(0, Map.of(), body), null)));
    }

    @Test
    void headerPatternTypesWithCaseInsensitiveNames() {
        assertEquals(List.of("isp_h_server_full"), header("Server", "Blocker/1.0"));
        assertEquals(List.of(), header("Server", "Blocker/1.0 (x)"));
        assertEquals(List.of("prod_h_location_prefix"), header("LOCATION", "http://block.example/?u=x"));
        assertEquals(List.of(), header("location", "https://block.example/"));
        assertEquals(List.of("injb_h_via_contains"), header("via", "1.1 squid-proxy"));
        assertEquals(List.of("inst_h_cookie_regexp"), header("Set-Cookie", "blk=deadbeef; Path=/"));
        assertEquals(List.of(), header("Set-Cookie", "x=1; blk=deadbeef"));
        // a header pattern does not match the body and vice versa
        assertEquals(List.of(), body("Blocker/1.0"));
        assertEquals(List.of(), header("server", "Access denied"));
    }

    @Test
    void anyValueOfARepeatedHeaderMatches() {
        HttpResponseSample r = new HttpResponseSample(302, Map.of("Set-Cookie", List.of("a=1", "blk=00ff")), new byte[0]);
        assertEquals(List.of("inst_h_cookie_regexp"), names(matcher.matchHttp(r, null)));
    }

    @Test
    void countryConfirmation() {
        FingerprintMatch nat = matcher.matchDns("10.10.34.35", "US").get(0);
        assertTrue(nat.confirmsBlocking(), "nat confirms whatever the probe country");
        assertEquals(List.of("IR"), nat.expectedCountries());
        FingerprintMatch prod = matcher.matchDns("blocked.example", "TR").get(0);
        assertTrue(prod.confirmsBlocking(), "TR is expected");
        assertEquals("confirmed", prod.verdict());
        FingerprintMatch prodElsewhere = matcher.matchDns("blocked.example", "IT").get(0);
        assertFalse(prodElsewhere.confirmsBlocking());
        assertEquals("unconfirmed", prodElsewhere.verdict());
        assertFalse(matcher.matchDns("blocked.example", null).get(0).confirmsBlocking());
        FingerprintMatch isp = matcher.matchHttp(new HttpResponseSample(200, Map.of(),
                "Access denied".getBytes(StandardCharsets.UTF_8)), null).get(0);
        assertTrue(isp.confirmsBlocking(), "isp confirms without a country");
    }

    @Test
    void falsePositiveFingerprintConfirmsNothing() {
        FingerprintMatch dns = matcher.matchDns("127.0.0.1", "IR").get(0);
        assertTrue(dns.falsePositive());
        assertFalse(dns.confirmsBlocking());
        assertEquals("false-positive", dns.verdict());
        List<FingerprintMatch> body = matcher.matchHttp(new HttpResponseSample(200, Map.of(),
                "cf-ray: 1 Access denied".getBytes(StandardCharsets.UTF_8)), "IR");
        assertEquals(List.of("isp_b_contains", "fp_b_cloudflare"), names(body));
        assertTrue(body.get(1).falsePositive());
        assertFalse(body.get(1).confirmsBlocking());
    }

    @Test
    void regexNoEngineCompilesIsSkippedAndListed() {
        assertEquals(List.of("prov_b_bad_regexp"), matcher.skipped().stream().map(RegexWarning::name).toList());
        assertEquals(List.of(), body("a"));
    }

    /**
     * Hostile regexps answer: catastrophic ones that RE2 can express run in linear time and give the right answer;
     * one that needs backtracking answers at once where its widened form cannot match (h5, h7), else gives up on a
     * long body (h8), counts as not matched, and is reported once per input.
     */
    @Test
    void hostilePatternsAnswerAndGivingUpIsReportedOnce() {
        List<Fingerprint> hostile = List.of(
                fp("h1", "isp", "body", PatternType.REGEXP, "(a+)+$", ""),
                fp("h2", "isp", "body", PatternType.REGEXP, "(a|aa)+$", ""),
                fp("h3", "isp", "body", PatternType.REGEXP, "(.*a){20}", ""),
                fp("h4", "isp", "body", PatternType.REGEXP, "(x+x+)+y", ""),
                fp("h5", "isp", "body", PatternType.REGEXP, "(a+)+\\1c$", ""),
                fp("h6", "isp", "header.server", PatternType.REGEXP, "^(a|a?)+$", ""),
                fp("h7", "isp", "header.server", PatternType.REGEXP, "^(a|a?)+\\1$", ""),
                fp("h8", "isp", "body", PatternType.REGEXP, "(?=(a|aa)+$)a", ""));
        FingerprintMatcher m = new FingerprintMatcher(hostile);
        assertEquals(List.of("h5", "h7", "h8"), m.warnings().stream().map(RegexWarning::name).toList());
        assertEquals(List.of(), m.skipped());
        byte[] body = ("a".repeat(200_000) + "b").getBytes(StandardCharsets.US_ASCII);
        String server = "a".repeat(20_000) + "!";
        List<String> gaveUp = new java.util.ArrayList<>();
        List<FingerprintMatch> found = m.matchHttp(new HttpResponseSample(200, Map.of("Server", List.of(server)), body),
                null, (f, n) -> gaveUp.add(f.name() + " " + n));
        assertEquals(List.of("h3"), names(found));
        assertEquals(List.of("h8 200001"), gaveUp);
        // the same patterns on short inputs are within the budget and match as Java would
        assertEquals(List.of("h1", "h2", "h6", "h7", "h8"), names(m.matchHttp(new HttpResponseSample(200,
                Map.of("server", List.of("aaaa")), "aaaa".getBytes(StandardCharsets.US_ASCII)), null)));
        assertEquals(List.of("h3", "h5"), names(m.matchHttp(new HttpResponseSample(200, Map.of(),
                ("a".repeat(25) + "c").getBytes(StandardCharsets.US_ASCII)), null)));
    }

    @Test
    void pythonNamedGroupsAndBackreferencesAreRun() {
        FingerprintMatcher m = new FingerprintMatcher(List.of(
                fp("py_group", "isp", "body", PatternType.REGEXP, "(?P<isp>[a-z]+) has blocked", ""),
                fp("py_backref", "isp", "body", PatternType.REGEXP, "<(?P<t>h[1-6])>blocked</(?P=t)>", "")));
        assertEquals(List.of("py_backref"), m.warnings().stream().map(RegexWarning::name).toList());
        assertEquals(List.of("py_group", "py_backref"), names(m.matchHttp(new HttpResponseSample(200, Map.of(),
                "acme has blocked <h2>blocked</h2>".getBytes(StandardCharsets.US_ASCII)), null)));
        assertEquals(List.of(), names(m.matchHttp(new HttpResponseSample(200, Map.of(),
                "<h2>blocked</h3>".getBytes(StandardCharsets.US_ASCII)), null)));
    }

    @Test
    void emptyBodyAndEmptyTable() {
        assertEquals(List.of(), body(""));
        FingerprintMatcher none = new FingerprintMatcher(List.of());
        assertEquals(List.of(), names(none.matchDns("10.10.34.35", "IR")));
        assertEquals(List.of(), names(none.matchHttp(new HttpResponseSample(200, Map.of(), new byte[10]), "IR")));
    }
}
