package org.ooni.analysis.fingerprints.nfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The case-fold orbits of bytes 0..255 in {@link ByteSets#orbit(int)} are RE2/J's: for every byte, the bytes it
 * folds to, and its partners above 255, found by asking RE2/J's public API.
 */
class RegexCaseFoldTest {
    private static boolean re2Matches(String pattern, int c) {
        return com.google.re2j.Pattern.compile(pattern).matches(String.valueOf((char) c));
    }

    private static String hex(int c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    @Test
    void orbitsWithinLatin1AreRe2s() {
        List<String> wrong = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            com.google.re2j.Pattern folded = com.google.re2j.Pattern.compile("(?i)" + hex(c));
            for (int d = 0; d < 256; d++) {
                boolean expected = folded.matches(String.valueOf((char) d));
                boolean got = false;
                for (int r : ByteSets.orbit(c)) {
                    got |= r == d;
                }
                if (got != expected) {
                    wrong.add(c + " ~ " + d + ": RE2/J " + expected);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void partnersAbove255AreRe2sAndThereAreNoOthers() {
        List<String> wrong = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            StringBuilder others = new StringBuilder("(?i)[");
            int from = 0x100;
            for (int r : ByteSets.orbit(c)) {
                if (r > 255) {
                    if (!re2Matches("(?i)" + hex(r), c)) {
                        wrong.add(c + " does not fold with " + r);
                    }
                    if (r > from) {
                        others.append(hex(from)).append('-').append(hex(r - 1));
                    }
                    from = r + 1;
                }
            }
            others.append(hex(from)).append('-').append(hex(ByteSets.MAX_RUNE)).append(']');
            if (re2Matches(others.toString(), c)) {
                wrong.add(c + " folds with a code point above 255 not in its orbit");
            }
        }
        assertEquals(List.of(), wrong);
    }
}
