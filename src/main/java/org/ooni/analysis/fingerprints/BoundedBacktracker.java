package org.ooni.analysis.fingerprints;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A Java regex for the patterns only a backtracking engine can run, under a step budget per search: every character
 * the engine reads is a step, and past {@link #STEPS_PER_BYTE} steps per input byte plus {@link #BASE_STEPS} the
 * search gives up (the pattern then counts as not matched and the caller reports it). Backtracking re-reads input, so
 * the budget bounds the time of {@code (a+)+\1}-style patterns to a small multiple of one pass, while a pattern that
 * does not backtrack much (a literal with a lookahead) stays well within it. Java's regex recurses per repetition of
 * some groups and can overflow the stack on long input; that also counts as giving up.
 *
 * <p>Before backtracking, a linear-time search for a widened form of the pattern ({@link NecessaryPattern}), when it
 * has one, answers "no match" for every body the pattern cannot match for that reason alone, at the lazy DFA's speed:
 * the budget is then spent only on bodies that get past it.
 */
final class BoundedBacktracker implements FingerprintRegex {
    static final long STEPS_PER_BYTE = 4;
    static final long BASE_STEPS = 100_000;

    private final Pattern pattern;
    private final String re2Reason;
    private final FingerprintRegex necessary;

    /** {@code necessary}: a linear engine matching at least wherever {@code pattern} does, or null. */
    BoundedBacktracker(Pattern pattern, String re2Reason, FingerprintRegex necessary) {
        this.pattern = pattern;
        this.re2Reason = re2Reason;
        this.necessary = necessary;
    }

    /** Whether a linear search screens bodies before the backtracking one. */
    boolean screened() {
        return necessary != null;
    }

    /** Why RE2 refused the pattern (e.g. a backreference), for the load-time warning. */
    String re2Reason() {
        return re2Reason;
    }

    static long budget(int length) {
        return STEPS_PER_BYTE * length + BASE_STEPS;
    }

    @Override
    public Verdict find(byte[] text) {
        if (necessary != null && necessary.find(text) == Verdict.NO_MATCH) {
            return Verdict.NO_MATCH;
        }
        Steps steps = new Steps(budget(text.length));
        try {
            return pattern.matcher(new CountedBytes(text, 0, text.length, steps)).find() ? Verdict.MATCH
                    : Verdict.NO_MATCH;
        } catch (OutOfSteps | StackOverflowError e) {
            return Verdict.GAVE_UP;
        }
    }

    @Override
    public boolean linear() {
        return false;
    }

    /** The steps left in one search, shared by the views of its input. */
    private static final class Steps {
        private long left;

        Steps(long budget) {
            left = budget;
        }
    }

    /** Thrown from inside the regex engine to stop a search; no stack trace, it is control flow. */
    private static final class OutOfSteps extends RuntimeException {
        OutOfSteps() {
            super("step budget spent", null, false, false);
        }
    }

    /** Bytes as characters 0..255, without a copy, counting every read. */
    private record CountedBytes(byte[] bytes, int from, int to, Steps steps) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--steps.left < 0) {
                throw new OutOfSteps();
            }
            return (char) (bytes[from + index] & 0xff);
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountedBytes(bytes, from + start, from + end, steps);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
