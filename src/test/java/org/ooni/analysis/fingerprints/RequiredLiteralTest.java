package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequiredLiteralTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "'blocked by (the )?[A-Z][a-z]+ ref=[0-9]{3}' => 'blocked by '",
        "'<title>(Access|Acceso) denied</title>' => ' denied</title>'",
        "ab+cdef => cdef",
        "abcx?yz => abc",
        "abcde*f => abcd",
        "abc\\.def => abc",
        "[a(|]zzzz => zzzz",
        "[]x]yyyy => yyyy",
        "(?:a|b)xyz => xyz",
        "foo(?=bar)bazz => bazz",
        "'(?P<isp>[a-z]+) has blocked (?P=isp)' => ' has blocked '",
        "'(?<isp>[a-z]+) has blocked' => ' has blocked'",
        "'Erişim (engellendi)' => Eri"})
    void literalEveryMatchContains(String regex, String literal) {
        assertEquals(Optional.of(literal), RequiredLiteral.of(regex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc|def", "(?i)blocked", "blo(?x) cked", "\\Qabc\\E", "ab", "[a-z]+", "(abcdef)",
        "ab?cd?ef?"})
    void noLiteralWhenUnsure(String regex) {
        assertEquals(Optional.empty(), RequiredLiteral.of(regex));
    }

    /** The prefilter must never hide a match: the matcher agrees with trying every regex on random bodies. */
    @Test
    void matcherWithPrefilterAgreesWithRunningEveryRegex() {
        List<String> regexes = List.of("ab+c(d|e)", "xy?z[0-9]{2}", "k(?:l|m)nop", "(foo|bar)", "q.r.s",
                "abc\\d", "z{2,}y", "cab(?=c)", "[a-c]{3}dd");
        List<Fingerprint> rows = new java.util.ArrayList<>();
        for (int i = 0; i < regexes.size(); i++) {
            rows.add(new Fingerprint("r" + i, "isp", "", "body", PatternType.REGEXP, regexes.get(i), 1, "", "", "", ""));
        }
        FingerprintMatcher matcher = new FingerprintMatcher(rows);
        SplittableRandom r = new SplittableRandom(3);
        String alphabet = "abcdeklmnopqrsxyz0123456789 ";
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(40); j > 0; j--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
            BitSet expected = new BitSet();
            for (int i = 0; i < regexes.size(); i++) {
                if (ByteRegex.compile(regexes.get(i)).matcher(b).find()) {
                    expected.set(i);
                }
            }
            BitSet actual = new BitSet();
            matcher.matchBody(body, actual);
            assertEquals(expected, actual, "body '" + b + "'");
        }
    }
}
