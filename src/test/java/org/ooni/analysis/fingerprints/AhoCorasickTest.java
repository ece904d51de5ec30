package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static TreeSet<String> hits(AhoCorasick ac, byte[] text) {
        TreeSet<String> out = new TreeSet<>();
        ac.search(text, 0, text.length, (p, end) -> out.add(p + "@" + end));
        return out;
    }

    private static TreeSet<String> naive(List<byte[]> patterns, byte[] text) {
        TreeSet<String> out = new TreeSet<>();
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pat = patterns.get(p);
            outer:
            for (int i = 0; i + pat.length <= text.length; i++) {
                for (int j = 0; j < pat.length; j++) {
                    if (text[i + j] != pat[j]) {
                        continue outer;
                    }
                }
                out.add(p + "@" + (i + pat.length));
            }
        }
        return out;
    }

    @Test
    void overlappingAndNestedPatterns() {
        List<byte[]> patterns = List.of(b("he"), b("she"), b("his"), b("hers"), b("e"));
        AhoCorasick ac = new AhoCorasick(patterns);
        byte[] text = b("ushers his");
        assertEquals(naive(patterns, text), hits(ac, text));
        assertEquals(new TreeSet<>(List.of("0@4", "1@4", "3@6", "4@4", "2@10")), hits(ac, text));
    }

    @Test
    void agreesWithNaiveSearchOnRandomBytes() {
        SplittableRandom r = new SplittableRandom(1);
        for (int round = 0; round < 50; round++) {
            List<byte[]> patterns = new ArrayList<>();
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[1 + r.nextInt(5)];
                for (int j = 0; j < p.length; j++) {
                    p[j] = (byte) (0xfc + r.nextInt(4)); // a small alphabet of high bytes forces many overlaps
                }
                patterns.add(p);
            }
            byte[] text = new byte[r.nextInt(400)];
            for (int j = 0; j < text.length; j++) {
                text[j] = (byte) (0xfb + r.nextInt(5));
            }
            assertEquals(naive(patterns, text), hits(new AhoCorasick(patterns), text), "round " + round);
        }
    }

    @Test
    void duplicatePatternsAreBothReported() {
        AhoCorasick ac = new AhoCorasick(List.of(b("ab"), b("ab")));
        assertEquals(new TreeSet<>(List.of("0@2", "1@2")), hits(ac, b("ab")));
    }

    @Test
    void prefixesWalkOnlyFromTheStart() {
        List<byte[]> patterns = List.of(b("<html>"), b("<ht"), b("tml"), b("<html><body>x"));
        AhoCorasick ac = new AhoCorasick(patterns);
        TreeSet<String> out = new TreeSet<>();
        ac.prefixes(b("<html><body>y"), (p, end) -> out.add(p + "@" + end));
        assertEquals(new TreeSet<>(List.of("0@6", "1@3")), out);
        TreeSet<String> none = new TreeSet<>();
        ac.prefixes(b(" <html>"), (p, end) -> none.add(p + "@" + end));
        assertEquals(new TreeSet<>(), none);
    }

    @Test
    void emptyPatternIsRefusedAndNoPatternsFindNothing() {
        assertThrows(IllegalArgumentException.class, () -> new AhoCorasick(List.of(new byte[0])));
        assertEquals(new TreeSet<>(), hits(new AhoCorasick(List.of()), b("anything")));
    }
}
