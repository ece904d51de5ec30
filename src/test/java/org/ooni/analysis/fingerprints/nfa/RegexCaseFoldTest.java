package org.ooni.analysis.fingerprints.nfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The case-fold orbits of bytes 0..255 in {@link ByteSets#orbit(int)} are RE2/J's: for every byte, the bytes it
 * folds to, and its partners above 255 (among the code points Java's case mappings connect to 0..255), asked of
 * RE2/J's public API.
 */
class RegexCaseFoldTest {
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
    void partnersAbove255AreRe2s() {
        // candidates: every code point above 255 whose Java case mapping touches 0..255, or is touched by it (RE2/J
        // folding a class as wide as [\x{100}-\x{10FFFF}] takes seconds per byte, so the candidates are asked one
        // by one)
        Set<Integer> candidates = new TreeSet<>();
        for (int r = 0x100; r <= 0x1FFFF; r++) {
            if (Character.toLowerCase(r) < 256 || Character.toUpperCase(r) < 256 || Character.toTitleCase(r) < 256) {
                candidates.add(r);
            }
        }
        for (int c = 0; c < 256; c++) {
            for (int x : new int[] {Character.toUpperCase(c), Character.toLowerCase(c), Character.toTitleCase(c)}) {
                for (int y : new int[] {x, Character.toUpperCase(x), Character.toLowerCase(x)}) {
                    if (y > 255) {
                        candidates.add(y);
                    }
                }
            }
        }
        StringBuilder bytes = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            bytes.append((char) c);
        }
        Set<String> expected = new TreeSet<>();
        for (int c = 0; c < 256; c++) {
            for (int r : ByteSets.orbit(c)) {
                if (r > 255) {
                    expected.add(Integer.toHexString(r) + " ~ " + Integer.toHexString(c));
                }
            }
        }
        Set<String> got = new TreeSet<>();
        for (int r : candidates) {
            com.google.re2j.Matcher m = com.google.re2j.Pattern.compile("(?i)" + hex(r)).matcher(bytes);
            while (m.find()) {
                got.add(Integer.toHexString(r) + " ~ " + Integer.toHexString(m.start()));
            }
        }
        assertEquals(expected, got);
    }
}
