package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ooni.analysis.error.InvalidInput;

class FingerprintParserTest {
    static final String HEADER = "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
            + "expected_countries,source,exp_url,notes\r\n";
    static final String GOOD_DNS = "nat_ir_dns_1,nat,,dns,full,10.10.34.35,80,IR,,,\r\n";

    private static List<Fingerprint> parse(FingerprintKind kind, String text) {
        return parse(new FingerprintParser(kind), text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Fingerprint> parse(FingerprintParser parser, byte[] bytes) {
        List<Fingerprint> out = new ArrayList<>();
        Iterator<Fingerprint> it = parser.parse(new ByteArrayInputStream(bytes), "f.csv");
        it.forEachRemaining(out::add);
        return out;
    }

    private static InvalidInput fails(FingerprintKind kind, String text) {
        return assertThrows(InvalidInput.class, () -> parse(kind, text));
    }

    @Test
    void goodRowKeepsEveryField() {
        List<Fingerprint> rows = parse(FingerprintKind.DNS,
                HEADER + "nat_ir_dns_1,nat,old name,dns,full,10.10.34.35,80,\"IR,ZZ\",OONI, https://x/ ,note \r\n");
        assertEquals(List.of(new Fingerprint("nat_ir_dns_1", "nat", "old name", "dns", PatternType.FULL,
                "10.10.34.35", 80, "IR,ZZ", "OONI", " https://x/ ", "note ")), rows);
    }

    @Test
    void quotedMultiLinePatternKeepsCrlfAndQuotesExactly() {
        String csv = HEADER + "nat_tr_http_1,nat,,body,contains,\"<div class=\"\"x\"\">\r\n  <b>Erişim engellendi</b> \","
                + "10,TR,,,\r\nisp_ru_http_2,isp,,body,contains,Доступ ограничен,10,,,,\r\n";
        List<Fingerprint> rows = parse(FingerprintKind.HTTP, csv);
        assertEquals("<div class=\"x\">\r\n  <b>Erişim engellendi</b> ", rows.get(0).pattern());
        assertEquals("Доступ ограничен", rows.get(1).pattern());
    }

    @Test
    void fieldAfterMultiLinePatternIsLocatedOnItsOwnLine() {
        // pattern spans lines 2-3; the bad confidence stands on line 3, column 4 (after `x",`)
        InvalidInput e = fails(FingerprintKind.HTTP, HEADER + "nat_tr_http_1,nat,,body,contains,\"a\r\nx\",999,TR,,,\r\n");
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage().startsWith("f.csv:3:4: confidence_no_fp '999'"), e.getMessage());
    }

    @Test
    void regexpsOutsideTheLinearEngineAreLoadedAndWarnedByName() {
        FingerprintParser parser = new FingerprintParser(FingerprintKind.HTTP);
        List<Fingerprint> rows = parse(parser, (HEADER
                + "isp_ir_http_1,isp,,body,regexp,(?P<isp>[a-z]+) blocked,5,IR,,,\r\n"
                + "isp_ir_http_2,isp,,body,regexp,bl[o0]cked by \\w+,5,IR,,,\r\n"
                + "isp_ir_http_3,isp,,body,regexp,<(h[1-6])>blocked</\\1>,5,IR,,,\r\n"
                + "isp_ir_http_4,isp,,body,regexp,blocked (unclosed,5,IR,,,\r\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(4, rows.size());
        assertEquals("(?P<isp>[a-z]+) blocked", rows.get(0).pattern());
        assertEquals(List.of("f.csv:4: fingerprint isp_ir_http_3: pattern needs a backtracking engine (RE2: invalid "
                + "escape sequence: \\1); matched with a budget of 4 steps per body byte, counted as not matched past it",
                "f.csv:5: fingerprint isp_ir_http_4: pattern is not a valid regex for RE2 or Java (Unclosed group); the "
                + "matcher skips it"), parser.warnings().stream().map(RegexWarning::describe).toList());
        assertEquals(List.of(RegexWarning.Kind.BOUNDED, RegexWarning.Kind.INVALID),
                parser.warnings().stream().map(RegexWarning::kind).toList());
    }

    @Test
    void headerMustBeExact() {
        InvalidInput e = fails(FingerprintKind.DNS, HEADER.replace("pattern_type", "type") + GOOD_DNS);
        assertEquals(1, e.line());
        assertEquals(1 + "name,scope,other_names,location_found,".length(), e.column());
        assertTrue(e.rule().startsWith("header field 5 is 'type', expected 'pattern_type'"), e.rule());
        assertTrue(fails(FingerprintKind.DNS, "").rule().startsWith("empty file"));
        assertTrue(fails(FingerprintKind.DNS, HEADER.replace("\r\n", ",extra\r\n")).rule()
                .startsWith("header field 12 is 'extra', expected no more fields"));
    }

    @Test
    void fieldCount() {
        InvalidInput e = fails(FingerprintKind.DNS, HEADER + "nat_ir_dns_1,nat,,dns,full,1.2.3.4,80,IR,,\r\n");
        assertEquals("f.csv:2:43: expected 11 fields, found 10", e.getMessage());
    }

    @Test
    void nameNonEmptyAndUnique() {
        assertEquals("f.csv:2:1: name is empty",
                fails(FingerprintKind.DNS, HEADER + GOOD_DNS.replace("nat_ir_dns_1", "")).getMessage());
        assertEquals("f.csv:3:1: duplicate name 'nat_ir_dns_1' (first at line 2)",
                fails(FingerprintKind.DNS, HEADER + GOOD_DNS + GOOD_DNS).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nat", "isp", "prod", "inst", "vbw", "fp"})
    void dnsScopes(String scope) {
        assertEquals(scope, parse(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",nat,", "," + scope + ",")).get(0).scope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"injb", "prov"})
    void httpOnlyScopes(String scope) {
        String row = "x_http_1," + scope + ",,body,contains,blocked,1,,,,\r\n";
        assertEquals(scope, parse(FingerprintKind.HTTP, HEADER + row).get(0).scope());
        InvalidInput e = fails(FingerprintKind.DNS, HEADER + row);
        assertEquals("f.csv:2:10: scope '" + scope + "' is not one of nat, isp, prod, inst, vbw, fp", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NAT", "", "nat ", "other"})
    void badScope(String scope) {
        InvalidInput e = fails(FingerprintKind.HTTP, HEADER + GOOD_DNS.replace(",nat,", "," + quote(scope) + ","));
        assertEquals(2, e.line());
        assertEquals(14, e.column());
        assertTrue(e.rule().startsWith("scope '" + scope + "' is not one of nat, isp"), e.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns", "body", "header.server", "header.x-squid-error", "header.set-cookie"})
    void goodLocations(String location) {
        assertEquals(location, parse(FingerprintKind.HTTP, HEADER + GOOD_DNS.replace(",dns,", "," + location + ","))
                .get(0).locationFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"header.Server", "header.", "header", "Body", "url", "header.x y", "headers.server"})
    void badLocations(String location) {
        InvalidInput e = fails(FingerprintKind.HTTP, HEADER + GOOD_DNS.replace(",dns,", "," + location + ","));
        assertEquals("f.csv:2:19: location_found '" + location
                + "' is not dns, body, or header. followed by a lower-case header name", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"full,FULL", "prefix,PREFIX", "contains,CONTAINS", "regexp,REGEXP"})
    void patternTypes(String word, PatternType type) {
        assertEquals(type, parse(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",full,", "," + word + ","))
                .get(0).patternType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Full", "regex", "", "exact"})
    void badPatternType(String word) {
        InvalidInput e = fails(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",full,", "," + word + ","));
        assertEquals("f.csv:2:23: pattern_type '" + word + "' is not one of full, prefix, contains, regexp",
                e.getMessage());
    }

    @Test
    void emptyPattern() {
        assertEquals("f.csv:2:28: pattern is empty",
                fails(FingerprintKind.DNS, HEADER + GOOD_DNS.replace("10.10.34.35", "")).getMessage());
        // a pattern of spaces is not empty: nothing is trimmed
        assertEquals("  ", parse(FingerprintKind.DNS, HEADER + GOOD_DNS.replace("10.10.34.35", "  ")).get(0).pattern());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "255,255", "007,7", "100,100"})
    void goodConfidence(String text, int value) {
        assertEquals(value, parse(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",80,", "," + text + ","))
                .get(0).confidenceNoFp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"256", "-1", "", "1.5", "abc", " 5", "+5", "1000"})
    void badConfidence(String text) {
        InvalidInput e = fails(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",80,", "," + text + ","));
        assertEquals("f.csv:2:40: confidence_no_fp '" + text + "' is not an integer from 0 to 255", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "IR", "ZZ", "IR,RU,ZZ"})
    void goodCountries(String countries) {
        assertEquals(countries, parse(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",IR,", "," + quote(countries) + ","))
                .get(0).expectedCountries());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ir", "IR, RU", "IR,", ",IR", "IRN", "IR,,RU", " IR", "I"})
    void badCountries(String countries) {
        InvalidInput e = fails(FingerprintKind.DNS, HEADER + GOOD_DNS.replace(",IR,", "," + quote(countries) + ","));
        assertEquals(2, e.line());
        assertEquals(43, e.column());
        assertEquals("expected_countries '" + countries
                + "' is not a comma-separated list of two-letter upper-case codes without spaces", e.rule());
    }

    @Test
    void notUtf8IsLocated() {
        byte[] head = (HEADER + "nat_ir_dns_1,nat,,dns,full,").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",80,IR,,,\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xff;
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        InvalidInput e = assertThrows(InvalidInput.class, () -> parse(new FingerprintParser(FingerprintKind.DNS), bytes));
        assertEquals(2, e.line());
        assertTrue(e.rule().startsWith("not valid UTF-8"), e.rule());
    }

    @Test
    void syntheticFilesParse() {
        FingerprintParser parser = new FingerprintParser(FingerprintKind.HTTP);
        List<Fingerprint> expected = SyntheticFingerprints.http(150, 7);
        assertEquals(expected, parse(parser, SyntheticFingerprints.toCsv(expected).getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(expected.get(3).name()), parser.warnings().stream().map(RegexWarning::name).toList());
        List<Fingerprint> dns = SyntheticFingerprints.dns(150, 7);
        assertEquals(dns, parse(FingerprintKind.DNS, SyntheticFingerprints.toCsv(dns)));
    }

    private static String quote(String field) {
        return SyntheticFingerprints.quote(field);
    }
}
