package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class NecessaryPatternTest {

    @Test
    void referencesBecomeTheirGroupsLookaroundsGoAndPossessivesTurnPlain() {
        assertEquals(Optional.of("(a+)+(?ims:a+)c$"), NecessaryPattern.of("(a+)+\\1c$"));
        assertEquals(Optional.of("<(h[1-6])>blocked</(?ims:h[1-6])>"),
                NecessaryPattern.of("<(h[1-6])>blocked</\\1>"));
        assertEquals(Optional.of("(b+)x(?ims:b+)"), NecessaryPattern.of("(?<tag>b+)x\\k<tag>"));
        assertEquals(Optional.of("blocked(?:)"), NecessaryPattern.of("blocked(?= by)"));
        assertEquals(Optional.of("(?:)x"), NecessaryPattern.of("(?<=a|bc)x"));
        assertEquals(Optional.of("(?:)x"), NecessaryPattern.of("(?=(a|aa)+$)x"));
        assertEquals(Optional.of("a+b(?:ab|a)c"), NecessaryPattern.of("a++b(?>ab|a)c"));
        assertEquals(Optional.of("a{2}x}+"), NecessaryPattern.of("a{2}+x}+"), "a } alone is a literal, its + a quantifier");
        assertEquals(Optional.of("(?i)(a)(?ims:a)[\\]\\1]"), NecessaryPattern.of("(?i)(a)\\1[\\]\\1]"));
        // a reference inside the group it refers to, through a second one
        assertEquals(Optional.of("(a)((?ims:a)b)(?ims:(?ims:a)b)"), NecessaryPattern.of("(a)(\\1b)\\2"));
    }

    @Test
    void patternsItCannotWidenSoundlyGetNoRewrite() {
        assertEquals(Optional.empty(), NecessaryPattern.of("(a\\1)"), "a group referring to itself");
        assertEquals(Optional.empty(), NecessaryPattern.of("(?-i)(a)\\1"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(?x)(a) \\1"));
        assertEquals(Optional.empty(), NecessaryPattern.of("\\Q(\\E(a)\\1"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(a)\\12"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(a)\\2"), "no such group");
        assertEquals(Optional.empty(), NecessaryPattern.of("[a[b]](a)\\1"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(a)\\k<none>"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(a))\\1"));
        assertEquals(Optional.empty(), NecessaryPattern.of("(\\w)\\b\\1"), "Java 17's \\b differs on Latin-1 letters");
        assertEquals(Optional.empty(), NecessaryPattern.of("([\\s,])\\1"), "Java's \\s holds \\x0B");
    }

    @Test
    void aBodyTheWidenedPatternMissesIsAnsweredWithoutBacktracking() {
        byte[] as = ("a".repeat(1_000_000) + "b").getBytes(StandardCharsets.US_ASCII);
        BoundedBacktracker b = assertInstanceOf(BoundedBacktracker.class, FingerprintRegex.compile("(a+)+\\1c$"));
        assertTrue(b.screened());
        assertEquals(FingerprintRegex.Verdict.NO_MATCH, b.find(as));
        // a body that gets past the screen still costs the budget, and gives up
        byte[] drip = ("a".repeat(100_000) + "x" + "a".repeat(100_001)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(FingerprintRegex.Verdict.GAVE_UP, FingerprintRegex.compile("^(a+)+x\\1$").find(drip));
    }

    /**
     * On random patterns with references, lookarounds, atomic groups and possessive quantifiers, and random short
     * bodies, the screened engine answers exactly as Java's regex does: the screen never hides a match.
     */
    @Test
    void theScreenNeverHidesAMatch() {
        Random random = new Random(20261208);
        int screened = 0;
        int matches = 0;
        for (int n = 0; n < 3000; n++) {
            String p = alternation(random, 3);
            Pattern java;
            try {
                java = Pattern.compile(p, Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                continue;
            }
            FingerprintRegex regex;
            try {
                regex = FingerprintRegex.compile(p);
            } catch (FingerprintRegex.Unsupported e) {
                continue;
            }
            if (!(regex instanceof BoundedBacktracker b) || !b.screened()) {
                continue;
            }
            screened++;
            for (int k = 0; k < 30; k++) {
                String body = body(random);
                boolean expected = java.matcher(body).find();
                FingerprintRegex.Verdict verdict = regex.find(body.getBytes(StandardCharsets.US_ASCII));
                if (verdict == FingerprintRegex.Verdict.GAVE_UP) {
                    continue; // a random pattern can be catastrophic even on a short body: no answer is no claim
                }
                matches += expected ? 1 : 0;
                assertEquals(expected ? FingerprintRegex.Verdict.MATCH : FingerprintRegex.Verdict.NO_MATCH, verdict,
                        () -> p + " on \"" + body + "\"");
            }
        }
        assertTrue(screened > 500, "screened patterns: " + screened);
        assertTrue(matches > 1000, "matching bodies: " + matches);
    }

    private static String alternation(Random r, int depth) {
        StringBuilder s = new StringBuilder(sequence(r, depth));
        while (r.nextInt(4) == 0) {
            s.append('|').append(sequence(r, depth));
        }
        return s.toString();
    }

    private static String sequence(Random r, int depth) {
        StringBuilder s = new StringBuilder();
        int atoms = 1 + r.nextInt(4);
        for (int i = 0; i < atoms; i++) {
            s.append(atom(r, depth)).append(quantifier(r));
        }
        return s.toString();
    }

    private static String atom(Random r, int depth) {
        int choice = r.nextInt(depth > 0 ? 14 : 6);
        return switch (choice) {
            case 0, 1 -> "a";
            case 2 -> "b";
            case 3 -> ".";
            case 4 -> "[ab]";
            case 5 -> "\\" + (1 + r.nextInt(2));
            case 6, 7 -> "(" + alternation(r, depth - 1) + ")";
            case 8 -> "(?:" + alternation(r, depth - 1) + ")";
            case 9 -> "(?=" + alternation(r, depth - 1) + ")";
            case 10 -> "(?!" + alternation(r, depth - 1) + ")";
            case 11 -> "(?>" + alternation(r, depth - 1) + ")";
            case 12 -> "(?<=" + (r.nextBoolean() ? "a" : "b") + ")";
            default -> r.nextBoolean() ? "^" : "$";
        };
    }

    private static String quantifier(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "{1,2}";
            case 4 -> "*?";
            case 5 -> "++";
            case 6 -> "?+";
            default -> "";
        };
    }

    private static String body(Random r) {
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append("abc\n".charAt(r.nextInt(4)));
        }
        return s.toString();
    }
}
