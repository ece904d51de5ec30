package org.ooni.analysis.fingerprints.nfa;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles a regex in RE2's syntax (see {@link Parser}) to a {@link Program}, a Thompson NFA over bytes: a pattern
 * character is a byte 0..255 (the caller passes the pattern's UTF-8 bytes one char per byte), and so is every input
 * character. Only the set of texts that match is kept: no captures, no priorities.
 *
 * <p>The program is built backwards from the match instruction, each node compiled with its continuation, so no
 * instruction is patched except the loop of an unbounded repetition. {@code x{n,m}} is {@code n} copies of {@code x}
 * then {@code m-n} nested optional ones, as in RE2, so counts multiply sizes: a pattern over
 * {@link #MAX_INSTRUCTIONS} is refused before anything is built (RE2/J, which has no such limit, would build
 * {@code ((a{1000}){1000}){1000}} and run out of memory).
 */
public final class NfaCompiler {
    /**
     * The largest program built: far above any real fingerprint pattern, and small enough that the lazy DFA's one
     * pass over the program per new state stays affordable.
     */
    public static final int MAX_INSTRUCTIONS = 100_000;
    /** The deepest nesting of groups and repetitions read. */
    public static final int MAX_HEIGHT = 1000;

    private int[] op = new int[16];
    private int[] out = new int[16];
    private int[] arg = new int[16];
    private long[][] accepts = new long[16][];
    private int count;
    private final Map<SetKey, long[]> sets = new HashMap<>();

    private NfaCompiler() {
    }

    /**
     * The program of {@code pattern}. Throws {@link IllegalArgumentException} when the pattern is not RE2 syntax and
     * {@link PatternTooLarge} when it is too large to build.
     */
    public static Program compile(String pattern) {
        Node root = Parser.parse(pattern);
        if (root.size() >= MAX_INSTRUCTIONS) {
            throw new PatternTooLarge("expression too large for the linear engine (over " + MAX_INSTRUCTIONS
                    + " instructions)");
        }
        NfaCompiler c = new NfaCompiler();
        int match = c.add(Program.MATCH, -1, 0, null);
        int start = c.emit(root, match);
        return new Program(start, Arrays.copyOf(c.op, c.count), Arrays.copyOf(c.out, c.count),
                Arrays.copyOf(c.arg, c.count), Arrays.copyOf(c.accepts, c.count));
    }

    /** Compiles {@code node} to continue at {@code next}; returns its first instruction. */
    private int emit(Node node, int next) {
        if (node instanceof Node.Chars c) {
            return add(Program.CHAR, next, 0, intern(c.set()));
        }
        if (node instanceof Node.Assertion a) {
            return add(Program.EMPTY_WIDTH, next, a.condition(), null);
        }
        if (node instanceof Node.Concat c) {
            int entry = next;
            for (int i = c.parts().size() - 1; i >= 0; i--) {
                entry = emit(c.parts().get(i), entry);
            }
            return entry;
        }
        if (node instanceof Node.Alternation a) {
            int last = a.choices().size() - 1;
            int entry = emit(a.choices().get(last), next);
            for (int i = last - 1; i >= 0; i--) {
                entry = add(Program.ALT, emit(a.choices().get(i), next), entry, null);
            }
            return entry;
        }
        if (node instanceof Node.Repeat r) {
            return repeat(r, next);
        }
        return next; // Node.Empty
    }

    private int repeat(Node.Repeat r, int next) {
        int entry = next;
        int required = r.min();
        if (r.max() < 0) {
            // a loop: x* is ALT(x -> back to the ALT, next); x+ enters at x, so it takes one required copy
            int loop = add(Program.ALT, -1, next, null);
            int body = emit(r.sub(), loop);
            out[loop] = body;
            entry = required > 0 ? body : loop;
            required = Math.max(required - 1, 0);
        } else {
            // x{0,k}: (x(x(x)?)?)?, each optional copy may skip to the end
            for (int i = r.min(); i < r.max(); i++) {
                entry = add(Program.ALT, emit(r.sub(), entry), next, null);
            }
        }
        for (int i = 0; i < required; i++) {
            entry = emit(r.sub(), entry);
        }
        return entry;
    }

    private int add(int code, int next, int argument, long[] set) {
        if (count == op.length) {
            int size = count * 2;
            op = Arrays.copyOf(op, size);
            out = Arrays.copyOf(out, size);
            arg = Arrays.copyOf(arg, size);
            accepts = Arrays.copyOf(accepts, size);
        }
        op[count] = code;
        out[count] = next;
        arg[count] = argument;
        accepts[count] = set;
        return count++;
    }

    /** One array per distinct set, so a large program holds few and the lazy DFA compares few. */
    private long[] intern(long[] set) {
        return sets.computeIfAbsent(new SetKey(set.clone()), k -> k.set());
    }

    private record SetKey(long[] set) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SetKey k && Arrays.equals(k.set, set);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(set);
        }
    }
}
