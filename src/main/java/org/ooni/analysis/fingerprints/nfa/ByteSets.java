package org.ooni.analysis.fingerprints.nfa;

import java.util.Map;

/**
 * Sets of bytes 0..255 (four 64-bit words) as RE2 builds its character classes, restricted to the characters a byte
 * can be: ranges, RE2's case folding, the Perl ({@code \d}) and POSIX ({@code [:alpha:]}) groups, and Unicode
 * groups ({@code \pL}, {@code \p{Greek}}).
 *
 * <p>Case folding is RE2's (Unicode simple case folding). A class or literal holds code points, possibly above 255;
 * with {@code (?i)} it also holds every code point in the same fold orbit, so a byte {@code c} is in the folded set
 * when any member of {@code c}'s orbit is in the unfolded one. The orbits of 0..255 are ASCII and Latin-1 letter
 * pairs plus the few members above 255 listed in {@link #orbit(int)} ({@code ByteSetsTest} checks the table against
 * RE2/J for every byte).
 */
final class ByteSets {
    static final int MAX_RUNE = 0x10FFFF;

    /** RE2's Perl groups: {@code \d \s \w} as ranges (their capital forms are the negations). */
    static final Map<Character, int[]> PERL = Map.of(
            'd', new int[] {'0', '9'},
            's', new int[] {'\t', '\n', '\f', '\r', ' ', ' '},
            'w', new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});

    /** RE2's POSIX groups, as ranges; {@code [:^name:]} is the negation. */
    static final Map<String, int[]> POSIX = Map.ofEntries(
            Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
            Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
            Map.entry("ascii", new int[] {0, 0x7f}),
            Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
            Map.entry("cntrl", new int[] {0, 0x1f, 0x7f, 0x7f}),
            Map.entry("digit", new int[] {'0', '9'}),
            Map.entry("graph", new int[] {'!', '~'}),
            Map.entry("lower", new int[] {'a', 'z'}),
            Map.entry("print", new int[] {' ', '~'}),
            Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
            Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
            Map.entry("upper", new int[] {'A', 'Z'}),
            Map.entry("word", new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}),
            Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));

    private ByteSets() {
    }

    static long[] empty() {
        return new long[4];
    }

    static long[] all() {
        return new long[] {-1L, -1L, -1L, -1L};
    }

    static void add(long[] set, int c) {
        set[c >>> 6] |= 1L << c;
    }

    static boolean has(long[] set, int c) {
        return Program.accepts(set, c);
    }

    static void addAll(long[] set, long[] other) {
        for (int i = 0; i < 4; i++) {
            set[i] |= other[i];
        }
    }

    static long[] complement(long[] set) {
        return new long[] {~set[0], ~set[1], ~set[2], ~set[3]};
    }

    /** The code points {@code lo..hi}, with their fold orbits when {@code fold}, restricted to 0..255. */
    static long[] range(int lo, int hi, boolean fold) {
        long[] set = empty();
        for (int c = 0; c < 256; c++) {
            if (c >= lo && c <= hi) {
                add(set, c);
            } else if (fold) {
                for (int r : orbit(c)) {
                    if (r >= lo && r <= hi) {
                        add(set, c);
                        break;
                    }
                }
            }
        }
        return set;
    }

    /** A Perl or POSIX group given as ranges, folded when {@code fold}, negated when {@code negated}. */
    static long[] group(int[] ranges, boolean negated, boolean fold) {
        long[] set = empty();
        for (int i = 0; i < ranges.length; i += 2) {
            addAll(set, range(ranges[i], ranges[i + 1], fold));
        }
        return negated ? complement(set) : set;
    }

    /**
     * Unicode group {@code escape} ({@code \pL}, {@code \P{Greek}}, {@code \p{^Lu}}), folded when {@code fold}. The
     * membership of each byte is asked of RE2/J's public API, so the tables are exactly RE2/J's.
     */
    static long[] unicode(String escape, boolean fold) {
        com.google.re2j.Pattern pattern = com.google.re2j.Pattern.compile((fold ? "(?i)" : "") + escape);
        long[] set = empty();
        for (int c = 0; c < 256; c++) {
            if (pattern.matches(String.valueOf((char) c))) {
                add(set, c);
            }
        }
        return set;
    }

    /**
     * The code points that fold to the same as {@code c} (0..255) under RE2's simple case folding, {@code c}
     * included.
     */
    static int[] orbit(int c) {
        switch (c) {
            case 'K':
            case 'k':
                return new int[] {'K', 'k', 0x212A}; // KELVIN SIGN
            case 'S':
            case 's':
                return new int[] {'S', 's', 0x17F}; // LATIN SMALL LETTER LONG S
            case 0xB5:
                return new int[] {0xB5, 0x39C, 0x3BC}; // MICRO SIGN, GREEK CAPITAL and SMALL MU
            case 0xC5:
            case 0xE5:
                return new int[] {0xC5, 0xE5, 0x212B}; // ANGSTROM SIGN
            case 0xDF:
                return new int[] {0xDF, 0x1E9E}; // LATIN CAPITAL LETTER SHARP S
            case 0xFF:
                return new int[] {0xFF, 0x178}; // LATIN CAPITAL LETTER Y WITH DIAERESIS
            default:
                break;
        }
        if (c >= 'A' && c <= 'Z' || c >= 0xC0 && c <= 0xDE && c != 0xD7) {
            return new int[] {c, c + 32};
        }
        if (c >= 'a' && c <= 'z' || c >= 0xE0 && c <= 0xFE && c != 0xF7) {
            return new int[] {c - 32, c};
        }
        return new int[] {c};
    }
}
