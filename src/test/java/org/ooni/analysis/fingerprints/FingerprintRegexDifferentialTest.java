package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.fingerprints.FingerprintRegex.Verdict;
import org.ooni.analysis.fingerprints.nfa.NfaCompiler;

/**
 * The lazy DFA on the program {@link NfaCompiler} builds agrees with RE2/J's own {@code find()} (its public API) on
 * every pattern and input below: hand-written patterns covering the syntax, the other tests' patterns,
 * fingerprint-like ones, random patterns built from the grammar and random strings of regex characters that RE2/J
 * accepts. Inputs are bytes 0..255, given to RE2/J as ISO-8859-1 chars, the way patterns are given to both: so
 * non-ASCII bytes, case folding of Latin-1 letters included, are compared too. The one documented difference is left
 * out: {@code $} and {@code \z} (without {@code (?m)}) also match before a final {@code \n} here, so inputs ending in
 * {@code \n} are not compared for patterns holding {@code $} or {@code \z}; {@code FingerprintRegexTest} checks that
 * case on its own.
 */
class FingerprintRegexDifferentialTest {
    /** Every construct of the syntax at least once, alone or combined, including RE2's corner cases. */
    private static final List<String> SYNTAX = List.of(
            // literals and escapes
            "a", "ab", "abc", "", "\\.", "\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "\\-", "\\_", "\\ ", "\\/", "\\#",
            "\\n", "\\t", "\\r", "\\f", "\\v", "\\a", "\\x41", "\\x61b", "\\x{41}", "\\x{000041}", "\\x{e9}",
            "\\x{263a}", "\\x{10FFFF}", "\\0", "\\00", "\\012", "\\0123", "\\101", "\\1010", "\\08", "\\141\\142",
            "\\Qa.b*\\E", "\\Qa.b", "\\Qab\\E*", "x\\Q\\E*", "\\Q\\Ex", "a\\Q]\\E", "\u00e9", "\u00c3\u00a9",
            // classes
            "[abc]", "[a-c]", "[^a]", "[^abc]+", "[]a]", "[^]a]", "[a-]", "[-a]", "[a-c-e]", "[--/]", "[\\]]",
            "[\\-]", "[\\n]", "[^\\n]", "[\\x41-\\x43]", "[\\x{100}-\\x{10FFFF}]", "[^\\x{100}-\\x{10FFFF}]", "[.]",
            "[*+?]", "[\\d]", "[\\D]", "[\\w\\s]", "[^\\W]", "[a\\d]", "[[]", "[[a]", "[a[]", "[:a]", "[[:alpha:]]",
            "[[:^alpha:]]", "[[:alnum:]]", "[[:ascii:]]", "[[:blank:]]", "[[:cntrl:]]", "[[:digit:]]",
            "[[:graph:]]", "[[:lower:]]", "[[:print:]]", "[[:punct:]]", "[[:space:]]", "[[:upper:]]",
            "[[:word:]]", "[[:xdigit:]]", "[^[:alpha:]]", "[^[:^alpha:]]", "[[:digit:]a]", "[\\x{e0}-\\x{ff}]",
            "[\u00e0-\u00ff]", "[^\u00e9]",
            // Perl and Unicode groups
            "\\d", "\\D", "\\s", "\\S", "\\w", "\\W", "\\w+", "\\pL", "\\PL", "\\p{L}", "\\p{^L}", "\\P{^L}",
            "\\p{Lu}", "\\p{Ll}", "\\p{Greek}", "\\p{Latin}", "\\p{Any}", "\\pN", "\\p{Nd}", "\\pP", "\\p{Zs}",
            "[\\pL]", "[^\\pL]", "[\\p{Lu}\\d]", "[\\PL]",
            // dot and anchors
            ".", "a.c", "(?s).", "(?s)a.c", "^", "$", "^a", "a$", "^a$", "^$", "\\Aa", "a\\z", "\\A", "\\z",
            "(?m)^a", "(?m)a$", "(?m)^$", "(?m)^", "(?m)$", "\\ba", "a\\b", "\\b", "\\B", "\\Ba", "a\\B", "\\bab\\b",
            "^a|^b", "^a|b", "a|^b", "(^a)*b", "^*a", "$*a", "\\b+a", "(?:^)*a", "x^", "$x", "a$\\n", "(?m)a$\\n",
            "^\\n", "(?m)^\\na",
            // flags
            "(?i)a", "(?i)ab", "(?i)[a-c]", "(?i)[^a]", "(?i)\\x{212A}", "(?i)k", "(?i)s", "(?i)\\x{17F}",
            "(?i)\u00e9", "(?i)\u00c9", "(?i)[\u00e0-\u00e5]", "(?i)\u00b5", "(?i)\\x{39C}", "(?i)\u00ff",
            "(?i)\\x{178}", "(?i)\u00df", "(?i)\\x{1E9E}", "(?i)\\x{212B}", "(?i)[\\x{170}-\\x{180}]",
            "(?i)[\\x{2100}-\\x{2200}]", "(?i)[^\\x{390}-\\x{3c0}]", "(?i)[\\x{1e90}-\\x{1ea0}]",
            "(?i)[[:lower:]]", "(?i)[[:^lower:]]", "(?i)[[:upper:]]", "(?i)\\W",
            "(?i)[^\\w]", "(?i)\\p{Lu}", "(?i)\\P{Lu}", "(?i)[^\\p{Lu}]", "(?i)\\pL", "(?i:a)b", "a(?i:b)",
            "(?i)a(?-i)b", "(?i)a(?-i:b)c", "(a(?i)b)c", "(?i)a|b", "a|(?i)b|c", "(?s)a.(?-s).", "(?ms).$",
            "(?im)^a", "(?U)a+", "(?i-s:a.)", "(?)a", "(?i)", "a(?i)*", "(?i)(?-i)a", "((?i)a)b", "(?m)(?-m)^a",
            // groups and alternation
            "(a)", "(?:a)", "(?P<n>a)", "(?<n>a)", "(?P<n_1>a)(?P<m>b)", "()", "(?:)", "()a", "a|", "|a", "|", "a||b",
            "(a|b)", "(a|)", "(|b)c", "((a))", "(a)(b)", "(a|b)(c|d)", "ab|cd", "abc|abd", "a(b|c)d",
            // repetition
            "a*", "a+", "a?", "a*?", "a+?", "a??", "a{2}", "a{2,}", "a{2,3}", "a{0}", "a{0,0}", "a{0,1}", "a{0,}",
            "a{1,}", "a{1000}", "a{2}?", "a{2,}?", "a{2,3}?", "(ab){2}", "(a|b){2,3}", "(a*)*", "(a*)+", "(a+)*",
            "(a?)*", "(?:a*)*b", "(a|b)*abb", "()*", "()+", "(?:)*a", "(^)*", "(\\b)+", "(?:a{0,2}){2}", "a{,2}",
            "a{", "a{x}", "a{1", "a{1,", "a{1,2", "{", "}", "a}", "a{01}", "a{00}", "a{0}b", "{1}", "x{1}{",
            "\\{1}", "(a){0}b", "a{2}b{0,1}c{1,}");

    /** The other tests' patterns and fingerprint-like ones. */
    private static final List<String> FINGERPRINT_LIKE = List.of(
            "ref=[0-9]{3}\\b", "^blk=[a-f0-9]+", "Access (denied|refused)", "(?i)access DENIED", "<title>.*</title>",
            "(a|b)*abb", "colou?r", "[[:digit:]]{2}", "\\d+\\s\\w+", "Erişim (engellendi|kısıtlandı)", "(?:ab)+c",
            "(?P<isp>[a-z]+) has blocked", "(?P<isp>[a-z]+) has blocked this site", "(a+)+$", "^(a+)+$",
            "(a|aa)+$", "(a|a?)+$", "(a*)*b$", "(.*a){20}", "(.*a){20}$", "(x+x+)+y", "(\\w+\\s?)+$", ".*a.{20}c",
            "^(([a-z])+.)+[A-Z]([a-z])+$", "a.{12}b", "(regulation|internet) by [a-z]+ ref=25[0-9]{2}",
            "blocked by (the )?[A-Z][a-z]+ ref=3[0-9]{3}", "<title>(Access|Acceso) (denied|denegado) 4</title>",
            "(?i)<title>\\s*(access denied|blocked)\\s*</title>", "(?s)<div class=\"block\">.*?</div>",
            "^HTTP/1\\.[01] 403", "(?i)^location: https?://[^/]+/block", "[\\w.-]+@[\\w-]+\\.[a-z]{2,}",
            "(?m)^Server: (squid|nginx)/[\\d.]+$", "\\bwww\\.[a-z0-9-]+\\.(ir|ru|tr)\\b", "Доступ ограничен",
            "(?i)Доступ", "(?i)ÉRIŞIM", "[À-ÿ]+", "(?i)caf\u00c3\u00a9");

    /** Input bytes: letters the patterns use, both cases, Latin-1 letters, a newline, space and punctuation. */
    private static final byte[] ALPHABET = {'a', 'b', 'A', 'k', 'K', 's', '\n', ' ', '_', '1', '.', (byte) 0xe9,
        (byte) 0xc9, (byte) 0xc3, (byte) 0xa9, (byte) 0xb5, (byte) 0xff, (byte) 0x85};

    private static final List<String> INPUTS = List.of(
            "", "a", "b", "ab", "ba", "abc", "abd", "aab", "abb", "ababb", "abab", "aa", "aaa", "A", "AB", "aB", "k",
            "K", "s", "S", "\n", "a\n", "\na", "a\nb", "a\n\n", "b\n", " a ", "a b", "x ab y", "xab", "abx", "_a",
            "a.b", "a.c", "aXc", "a\nc", "a\rc", "{", "a{", "a{1}", "a{,2}", "a{x}", "}", "a}", "{1}", "x{1}{", "]",
            "a]", "-", "[", ":", "a*", "0", "9", "12", "123", "ref=123", "ref=1234 ", "blk=00ff", "Access refused",
            "ACCESS denied", "<title>x</title>", "colour", "color", "12 ab", "\t", "\f", "\u000b", "\r", "\u0007",
            "A\u0000", "\u00e9", "\u00c9", "\u00c3\u00a9", "\u00e3\u00a9", "\u00b5", "\u00ff", "\u00df",
            "\u00e5\u00c5", "\u00e0\u00f7", "\u00d7", "#", "/", "$", "^", "a$", "^a", "\\", "|", "a|b", "()", "*",
            "+", "?", ".", "aaaaaaaaaaaaaaab", "a".repeat(1001), "a".repeat(999), "x".repeat(30) + "y");

    private static boolean re2(com.google.re2j.Pattern pattern, byte[] input) {
        return pattern.matcher(new String(input, StandardCharsets.ISO_8859_1)).find();
    }

    private static boolean accepted(String pattern) {
        try {
            com.google.re2j.Pattern.compile(pattern);
            return true;
        } catch (com.google.re2j.PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean dollarLike(String pattern) {
        return pattern.contains("$") || pattern.contains("\\z");
    }

    /** Adds to {@code disagreements} every input on which the two engines differ; returns the comparisons made. */
    private static int compare(String pattern, List<byte[]> inputs, List<String> disagreements) {
        LazyDfa dfa;
        try {
            dfa = new LazyDfa(NfaCompiler.compile(pattern));
        } catch (RuntimeException e) {
            disagreements.add(show(pattern) + ": RE2/J accepts it, NfaCompiler throws " + e);
            return 0;
        }
        com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(pattern);
        int compared = 0;
        for (byte[] input : inputs) {
            if (dollarLike(pattern) && input.length > 0 && input[input.length - 1] == '\n') {
                continue;
            }
            boolean expected = re2(re2, input);
            Verdict got = dfa.find(input);
            compared++;
            if (got != (expected ? Verdict.MATCH : Verdict.NO_MATCH)) {
                disagreements.add(show(pattern) + " on '" + show(new String(input, StandardCharsets.ISO_8859_1))
                        + "': RE2/J " + expected + ", lazy DFA " + got);
            }
        }
        return compared;
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private static List<byte[]> inputs(SplittableRandom r, int random) {
        List<byte[]> inputs = new ArrayList<>();
        for (String s : INPUTS) {
            inputs.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < random; i++) {
            byte[] b = new byte[r.nextInt(9)];
            for (int j = 0; j < b.length; j++) {
                b[j] = ALPHABET[r.nextInt(ALPHABET.length)];
            }
            inputs.add(b);
        }
        return inputs;
    }

    @Test
    void handWrittenPatternsCoveringTheSyntax() {
        List<byte[]> inputs = inputs(new SplittableRandom(1), 150);
        List<String> disagreements = new ArrayList<>();
        int patterns = 0;
        for (String pattern : SYNTAX) {
            if (accepted(pattern)) {
                patterns++;
                compare(pattern, inputs, disagreements);
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(patterns > SYNTAX.size() - 10, patterns + " of " + SYNTAX.size() + " accepted by RE2/J");
    }

    @Test
    void fingerprintLikePatterns() {
        List<byte[]> inputs = inputs(new SplittableRandom(2), 100);
        for (String s : List.of("see ref=123 now", "blocked by the Ministry ref=31234", "Erişim kısıtlandı",
                "<title>  Access Denied </title>", "HTTP/1.1 403 Forbidden", "Location: http://x.ir/block",
                "Server: squid/3.5\nVia: x", "go to www.site-1.ir now", "Доступ ограничен", "ERIŞIM",
                "<title>Acceso denegado 4</title>", "internet by isp ref=2512")) {
            inputs.add(s.getBytes(StandardCharsets.UTF_8));
        }
        List<String> disagreements = new ArrayList<>();
        for (String pattern : FINGERPRINT_LIKE) {
            String chars = ByteRegex.bytesAsChars(pattern); // as FingerprintRegex.compile passes it
            assertTrue(accepted(chars), pattern);
            compare(chars, inputs, disagreements);
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void randomPatternsFromTheGrammar() {
        SplittableRandom r = new SplittableRandom(3);
        List<byte[]> inputs = inputs(r, 60);
        List<String> disagreements = new ArrayList<>();
        Set<String> patterns = new LinkedHashSet<>();
        while (patterns.size() < 400) {
            String pattern = grammar(r, 3);
            if (accepted(pattern)) {
                patterns.add(pattern);
            }
        }
        int compared = 0;
        for (String pattern : patterns) {
            compared += compare(pattern, inputs, disagreements);
        }
        assertEquals(List.of(), disagreements);
        assertTrue(compared > 400 * 50, compared + " comparisons");
    }

    @Test
    void randomStringsOfRegexCharactersThatRe2Accepts() {
        // exercises the parser's corner cases: whatever RE2/J accepts must be read the same way
        String soup = "ab(())[]^$*+?{},01|\\.-:imsP<>xpLdwWEQzAB^é";
        SplittableRandom r = new SplittableRandom(4);
        List<byte[]> inputs = inputs(r, 40);
        List<String> disagreements = new ArrayList<>();
        Set<String> patterns = new LinkedHashSet<>();
        for (int i = 0; i < 30_000 && patterns.size() < 1500; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = 1 + r.nextInt(8); n > 0; n--) {
                b.append(soup.charAt(r.nextInt(soup.length())));
            }
            if (accepted(b.toString())) {
                patterns.add(b.toString());
            }
        }
        for (String pattern : patterns) {
            compare(pattern, inputs, disagreements);
        }
        assertEquals(List.of(), disagreements);
        assertTrue(patterns.size() >= 500, patterns.size() + " accepted patterns");
    }

    /**
     * RE2/J's own compile takes minutes to case-fold this range; the parser's verdict stands after
     * {@link LazyDfa#RE2_CONFIRM_MILLIS}, so the pattern runs on the lazy DFA instead of holding the updater.
     */
    @Test
    void aPatternRe2TakesMinutesToCompileIsNotWaitedFor() {
        FingerprintRegex regex = FingerprintRegex.compile("(?i)[\\x{100}-\\x{2000}]x");
        assertInstanceOf(LazyDfa.class, regex);
        // the compile returned while RE2/J was still at it: it did not wait for RE2/J's verdict
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("re2j-compile") && t.isAlive()), "RE2/J's compile already over");
        assertEquals(Verdict.NO_MATCH, regex.find("xyz".getBytes(StandardCharsets.US_ASCII)));
        // bytes are characters 0..255: the range reaches them only by case folding (U+017F long s folds to s)
        assertEquals(Verdict.MATCH, regex.find("Sx".getBytes(StandardCharsets.US_ASCII)));
    }

    /** A random pattern: atoms (literals, classes, groups, anchors) under concatenation, alternation, repetition. */
    private static String grammar(SplittableRandom r, int depth) {
        int choice = depth <= 0 ? r.nextInt(3) : r.nextInt(9);
        return switch (choice) {
            case 0 -> pick(r, "a", "b", "A", "k", "\\n", " ", "\u00e9", "\u00c9", "\\x{212A}", "\\.", "_");
            case 1 -> pick(r, ".", "[ab]", "[^a]", "[a-c]", "[^\\n]", "\\w", "\\W", "\\s", "\\S", "\\d",
                    "[[:alpha:]]", "[[:^lower:]]", "\\pL", "[^\\pL]", "[\u00c0-\u00ff]", "[ab\\s]");
            case 2 -> pick(r, "^", "$", "\\b", "\\B", "\\A", "\\z", "(?m:^)", "(?m:$)", "");
            case 3, 4 -> grammar(r, depth - 1) + grammar(r, depth - 1);
            case 5 -> grammar(r, depth - 1) + "|" + grammar(r, depth - 1);
            case 6, 7 -> "(?:" + grammar(r, depth - 1) + ")"
                    + pick(r, "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "{1,3}?", "??", "{0}");
            default -> pick(r, "(", "(?:", "(?i:", "(?s:", "(?m:", "(?P<g>", "(?i)(?:", "(?-i:")
                    + grammar(r, depth - 1) + ")";
        };
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    @Test
    void finalNewlineCountsAsTheEndForDollarAndBackslashZ() {
        // the documented difference from RE2 (as in Python for $), kept from the RE2/J-compiled programs
        for (String pattern : List.of("a$", "a\\z", "a$\\n", "(?:a|b)$")) {
            LazyDfa dfa = new LazyDfa(NfaCompiler.compile(pattern));
            assertEquals(Verdict.MATCH, dfa.find("xa\n".getBytes(StandardCharsets.US_ASCII)), pattern);
            assertEquals(Verdict.NO_MATCH, dfa.find("xa\n\n".getBytes(StandardCharsets.US_ASCII)), pattern);
        }
        assertEquals(Verdict.MATCH, new LazyDfa(NfaCompiler.compile("a\\n$")).find(
                "a\n\n".getBytes(StandardCharsets.US_ASCII)), "as Python's re.search('a\\n$', 'a\\n\\n')");
    }

    @Test
    void patternsTooLargeToBuildRunUnderTheBudgetInstead() {
        // RE2/J accepts these but would build a program of 10^9 instructions (or recurse 2,000 deep)
        FingerprintRegex huge = FingerprintRegex.compile("((a{1000}){1000}){1000}");
        BoundedBacktracker b = assertInstanceOf(BoundedBacktracker.class, huge);
        assertEquals("expression too large for the linear engine (over 100000 instructions)", b.re2Reason());
        assertEquals(Verdict.NO_MATCH, huge.find("aaaa".getBytes(StandardCharsets.US_ASCII)));
        // Java's own compile of 1,001 nested groups needs more stack than a test thread may have left, depending on
        // how much of it the JIT has compiled: a thread of its own with room to spare
        FingerprintRegex[] compiled = new FingerprintRegex[1];
        Thread big = new Thread(null, () -> compiled[0] = FingerprintRegex.compile("(?:".repeat(1001) + "a*"
                + ")*".repeat(1001)), "deep-pattern", 64L << 20);
        big.start();
        try {
            big.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        FingerprintRegex deep = compiled[0];
        assertEquals("expression nests deeper than 1000",
                assertInstanceOf(BoundedBacktracker.class, deep).re2Reason());
        // just under the limit still runs on the lazy DFA (anchored: one pending instruction per byte)
        FingerprintRegex large = FingerprintRegex.compile("^(a{1000}){90}");
        assertInstanceOf(LazyDfa.class, large);
        assertEquals(Verdict.MATCH, large.find(("a".repeat(90_000) + "b").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Verdict.NO_MATCH, large.find(("a".repeat(89_999)).getBytes(StandardCharsets.US_ASCII)));
    }
}
