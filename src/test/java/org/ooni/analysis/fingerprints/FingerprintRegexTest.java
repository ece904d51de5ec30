package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.fingerprints.FingerprintRegex.Verdict;

/**
 * The two regex engines: the lazy DFA agrees with Java's {@code find()} on every pattern and input below (a
 * differential test), hostile patterns get an answer, and what needs backtracking gives up past its budget.
 */
class FingerprintRegexTest {
    private static final List<String> PATTERNS = List.of(
            "ref=[0-9]{3}\\b", "^blk=[a-f0-9]+", "Access (denied|refused)", "(?i)access DENIED", "<title>.*</title>",
            "a$", "^a", "(?m)^b$", "(?m)^b", "\\bab\\b", "\\Bb", "x*", "$", "^", "[^a-z]+z", "a.c", "a.{3}c",
            "(a|b)*abb", "colou?r", "[[:digit:]]{2}", "\\d+\\s\\w+", "(?s)a.c", "Erişim (engellendi|kısıtlandı)",
            "\\x{e9}", "é", "[é]", "(?:ab)+c", "a{2,}b", "\\Qa.b\\E", "b\\z");
    private static final List<String> INPUTS = List.of(
            "", "a", "b", "a\n", "\na", "ab", "ab\n", "a\nb", "b\nb\n", "a\nb\n\n", "x ab y", "xab", "abab", "ref=123",
            "ref=1234", "ref=123 ", "blk=00ff", " blk=00", "Access refused!", "ACCESS denied", "<title>x</title>",
            "<title>x\n</title>", "colour color", "aXc a\nc", "aXYZc", "ababb", "12 ab", "9 9", "Erişim kısıtlandı",
            "é", "e", "caf\u00e9", "ababc", "aab", "a.b", "axb", "b", "zz Z z", "!z");

    private static boolean java(String pattern, byte[] input) {
        return ByteRegex.compile(pattern).matcher(ByteRegex.bytesAsChars(input)).find();
    }

    private static Verdict dfa(String pattern, String input) {
        return dfa(pattern, input.getBytes(StandardCharsets.UTF_8));
    }

    private static Verdict dfa(String pattern, byte[] input) {
        FingerprintRegex regex = FingerprintRegex.compile(pattern);
        assertInstanceOf(LazyDfa.class, regex, pattern);
        return regex.find(input);
    }

    @Test
    void lazyDfaAgreesWithJavaOnEveryPatternAndInput() {
        List<String> disagreements = new ArrayList<>();
        for (String pattern : PATTERNS) {
            for (String input : INPUTS) {
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                boolean expected = java(pattern.replace("\\z", "\\z").replace("[[:digit:]]", "\\p{Digit}"), bytes);
                if (pattern.equals("b\\z")) {
                    expected = input.endsWith("b") || input.endsWith("b\n"); // RE2's \z, like $, before a final \n
                }
                Verdict got = dfa(pattern, bytes);
                if (got != (expected ? Verdict.MATCH : Verdict.NO_MATCH)) {
                    disagreements.add(pattern + " on '" + input.replace("\n", "\\n") + "': java " + expected
                            + ", dfa " + got);
                }
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void pythonSemanticsWhereJavaDiffers() {
        // Python's (?P<name>...) compiles (Java refuses it); '.' matches '\r' (Java's does not); $ only before '\n'
        assertEquals(Verdict.MATCH, dfa("(?P<isp>[a-z]+) has blocked", "acme has blocked this"));
        assertEquals(Verdict.MATCH, dfa("a.c", "a\rc"));
        assertEquals(Verdict.NO_MATCH, dfa("a$", "a\r\n"));
        assertEquals(Verdict.MATCH, dfa("a$", "xa\n"));
        assertEquals(Verdict.NO_MATCH, dfa("a$", "xa\n\n"));
        // Java's multi-line ^ never matches at the end of the input; Python's does
        assertEquals(Verdict.MATCH, dfa("(?m)^$", ""));
        assertEquals(Verdict.MATCH, dfa("(?m)^$", "a\n"));
        assertEquals(Verdict.NO_MATCH, dfa("(?m)^$", "a"));
    }

    @Test
    void aDfaLargerThanTheStateCacheStillAgreesWithJava() {
        // a.{12}b needs 2^13 DFA states over {a, b}: the cache is cleared and rebuilt many times on the way
        SplittableRandom r = new SplittableRandom(5);
        byte[] text = new byte[60_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (r.nextBoolean() ? 'a' : 'b');
        }
        for (String pattern : List.of("a.{12}b", "a.{12}c", "b[ab]{12}aaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaab$")) {
            assertEquals(java(pattern, text) ? Verdict.MATCH : Verdict.NO_MATCH, dfa(pattern, text), pattern);
        }
    }

    @Test
    void catastrophicPatternsAnswerOnAMegabyte() {
        byte[] as = ("a".repeat(1_000_000) + "b").getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.NO_MATCH, dfa("(a+)+$", as));
        assertEquals(Verdict.NO_MATCH, dfa("^(a+)+$", as));
        assertEquals(Verdict.NO_MATCH, dfa("(a|aa)+$", as));
        assertEquals(Verdict.MATCH, dfa("(.*a){20}", as));
        assertEquals(Verdict.NO_MATCH, dfa("(.*a){20}$", as));
        assertEquals(Verdict.NO_MATCH, dfa("(x+x+)+y", as));
        assertEquals(Verdict.MATCH, dfa("(a*)*b$", as));
        assertEquals(Verdict.MATCH, dfa("(\\w+\\s?)+$", as));
        assertEquals(Verdict.NO_MATCH, dfa(".*a.{20}c", as));
        byte[] xs = "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.NO_MATCH, dfa("(x+x+)+y", xs));
        assertEquals(Verdict.NO_MATCH, dfa("^(([a-z])+.)+[A-Z]([a-z])+$", xs));
    }

    @Test
    void backtrackingOnlyPatternsRunUnderABudget() {
        FingerprintRegex backref = FingerprintRegex.compile("<(h[1-6])>blocked</\\1>");
        BoundedBacktracker b = assertInstanceOf(BoundedBacktracker.class, backref);
        assertEquals("invalid escape sequence: \\1", b.re2Reason());
        assertEquals(Verdict.MATCH, backref.find("<p><h2>blocked</h2>".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Verdict.NO_MATCH, backref.find("<h2>blocked</h3>".getBytes(StandardCharsets.US_ASCII)));
        FingerprintRegex lookahead = FingerprintRegex.compile("blocked(?= by)");
        assertEquals(Verdict.MATCH, lookahead.find("page blocked by isp".getBytes(StandardCharsets.US_ASCII)));
        // a normal page of a megabyte stays within the budget
        byte[] page = "<div>news of the day</div>\n".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.NO_MATCH, lookahead.find(page));

        byte[] as = ("a".repeat(100_000) + "b").getBytes(StandardCharsets.US_ASCII);
        // bodies their widened form (NecessaryPattern) cannot match are answered without backtracking
        assertEquals(Verdict.NO_MATCH, FingerprintRegex.compile("(a+)+\\1$").find(as));
        assertEquals(Verdict.NO_MATCH, FingerprintRegex.compile("(?=(a|aa)+$)x").find(as));
        assertEquals(Verdict.NO_MATCH, FingerprintRegex.compile("(?:a(?=a)|a)*c").find(as));
        // the others backtrack under the budget
        byte[] ac = ("a".repeat(100_000) + "c").getBytes(StandardCharsets.US_ASCII);
        byte[] axa = ("a".repeat(50_000) + "x" + "a".repeat(50_001)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.GAVE_UP, FingerprintRegex.compile("^(a+)+x\\1$").find(axa));
        assertEquals(Verdict.GAVE_UP, FingerprintRegex.compile("(?=(a|aa)+$)a").find(as));
        assertEquals(Verdict.GAVE_UP, FingerprintRegex.compile("(?:a(?=a)|a)*c").find(ac),
                "a group repeated 100,000 times overflows Java's stack: that gives up too");
    }

    @Test
    void patternsNoEngineCompilesAreUnsupported() {
        FingerprintRegex.Unsupported e = assertThrows(FingerprintRegex.Unsupported.class,
                () -> FingerprintRegex.compile("(unclosed"));
        assertEquals("missing closing ): (unclosed", e.re2Reason());
        assertEquals("Unclosed group", e.javaReason());
    }
}
