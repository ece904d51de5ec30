package org.ooni.analysis.fingerprints.nfa;

/**
 * A compiled regex: a Thompson NFA over bytes, read by the lazy DFA. Per instruction: its code ({@code op}), its next
 * instruction ({@code out}), and {@code arg}: the second next instruction of an {@link #ALT}, or the conditions of an
 * {@link #EMPTY_WIDTH}. A {@link #CHAR} instruction consumes one byte from the set {@code accepts[pc]} (bytes
 * 0..255 as four 64-bit words; identical sets share one array); the other instructions have null there.
 */
public record Program(int start, int[] op, int[] out, int[] arg, long[][] accepts) {
    /** Go on at {@code out} and at {@code arg}. */
    public static final int ALT = 0;
    /** Consume one byte of {@code accepts[pc]}, then go on at {@code out}. */
    public static final int CHAR = 1;
    /** Go on at {@code out} if every condition in {@code arg} holds at this position. */
    public static final int EMPTY_WIDTH = 2;
    /** A match ends here. */
    public static final int MATCH = 3;

    /** Conditions of an {@link #EMPTY_WIDTH} instruction (bits of {@code arg}). */
    public static final int BEGIN_LINE = 1;
    public static final int END_LINE = 2;
    public static final int BEGIN_TEXT = 4;
    public static final int END_TEXT = 8;
    public static final int WORD_BOUNDARY = 16;
    public static final int NO_WORD_BOUNDARY = 32;

    /** Whether {@code set} (four 64-bit words) holds byte {@code c}. */
    public static boolean accepts(long[] set, int c) {
        return (set[c >>> 6] & (1L << c)) != 0;
    }
}
