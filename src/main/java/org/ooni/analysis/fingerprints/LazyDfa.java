package org.ooni.analysis.fingerprints;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ooni.analysis.fingerprints.nfa.NfaCompiler;
import org.ooni.analysis.fingerprints.nfa.PatternTooLarge;
import org.ooni.analysis.fingerprints.nfa.Program;

/**
 * Answers "does the regex match anywhere in these bytes" in time linear in the input, whatever the pattern: a DFA
 * built lazily from the regex's Thompson NFA ({@link Program}, compiled by
 * {@link org.ooni.analysis.fingerprints.nfa.NfaCompiler}), one state per set of NFA instructions met, as in RE2's
 * own DFA. A byte that reaches a known transition costs one table load; a new transition costs one pass over the NFA
 * (the states are built while scanning, never ahead). The state cache is bounded ({@link #MAX_STATES}); when full it
 * is cleared and rebuilt from the current state, so a pattern whose DFA would be exponential still costs at most one
 * NFA step per byte. Each call has its own cache, so one instance is safe to share between threads.
 *
 * <p>Semantics are those of a search over bytes taken as characters 0..255 (see {@link ByteRegex}): {@code $}
 * without {@code (?m)} also matches before a final {@code \n}, as in Python's {@code re} (and Java's), and so does
 * {@code \z} (RE2 compiles both to one condition, and so does {@code NfaCompiler}, to keep RE2-era behaviour);
 * {@code \b} and {@code \w} are ASCII.
 */
final class LazyDfa implements FingerprintRegex {
    static final int MAX_STATES = 2048;
    private static final int UNKNOWN = -1;
    private static final int MATCHED = -2;
    /** What the byte before the current position was: none (start of text), a newline, a word byte, another. */
    private static final int AT_START = 0;
    private static final int AFTER_NEWLINE = 1;
    private static final int AFTER_WORD = 2;
    private static final int AFTER_OTHER = 3;
    private static final int[] NO_PCS = new int[0];

    private final int start;
    private final int[] op;
    private final int[] out;
    private final int[] arg;
    private final long[][] accepts;
    private final int[] byteClass = new int[256];
    private final int[] classByte;
    private final boolean anchored;
    private final boolean usesLines;
    private final boolean usesWords;

    /** How long RE2/J may take to confirm a pattern the parser accepted; past it, the parser's verdict stands. */
    static final long RE2_CONFIRM_MILLIS = 2_000;

    /**
     * The lazy DFA of a pattern given one char per byte (see {@link ByteRegex}). RE2/J's public
     * {@code Pattern.compile} decides which patterns run here and gives the reason for the rest (its
     * {@code PatternSyntaxException}); {@link NfaCompiler} builds the program. Throws {@link PatternTooLarge} for a
     * pattern too large to build, before RE2/J would build it.
     */
    static LazyDfa compile(String chars) {
        Program program;
        try {
            program = NfaCompiler.compile(chars);
        } catch (IllegalArgumentException e) {
            com.google.re2j.Pattern.compile(chars); // not RE2 syntax: RE2/J throws, with its reason
            throw e; // RE2/J accepts what NfaCompiler does not: never seen (see FingerprintRegexDifferentialTest)
        }
        confirmWithRe2(chars);
        return new LazyDfa(program);
    }

    /**
     * RE2/J's verdict on a pattern the parser accepted, waited for at most {@link #RE2_CONFIRM_MILLIS}: RE2/J's compile
     * takes minutes on some hostile patterns (case folding {@code (?i)[\x{100}-\x{2000}]}), which would hold the
     * updater. Past the deadline the parser's verdict stands (the two agree on every pattern RE2/J accepts,
     * FingerprintRegexDifferentialTest) and RE2/J's thread, a daemon at the lowest priority, finishes on its own.
     */
    private static void confirmWithRe2(String chars) {
        FutureTask<Void> verdict = new FutureTask<>(() -> {
            com.google.re2j.Pattern.compile(chars);
            return null;
        });
        Thread thread = new Thread(verdict, "re2j-compile");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        try {
            verdict.get(RE2_CONFIRM_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // RE2's PatternSyntaxException among them
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // the parser's verdict stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling a pattern", e);
        }
    }

    LazyDfa(Program program) {
        start = program.start();
        op = program.op();
        out = program.out();
        arg = program.arg();
        accepts = program.accepts();
        int flagsUsed = 0;
        for (int pc = 0; pc < op.length; pc++) {
            if (op[pc] == Program.EMPTY_WIDTH) {
                flagsUsed |= arg[pc];
            }
        }
        usesLines = (flagsUsed & Program.BEGIN_LINE) != 0;
        usesWords = (flagsUsed & (Program.WORD_BOUNDARY | Program.NO_WORD_BOUNDARY)) != 0;
        anchored = anchoredAtStart();
        // Bytes that every instruction treats alike, and that are alike as line and word context, share a class.
        // Instructions with equal sets share one array (see NfaCompiler), so each distinct set is looked at once.
        Set<long[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (long[] set : accepts) {
            if (set != null) {
                distinct.add(set);
            }
        }
        Map<String, Integer> classes = new HashMap<>();
        StringBuilder signature = new StringBuilder();
        int[] firstByte = new int[256];
        for (int c = 0; c < 256; c++) {
            signature.setLength(0);
            signature.append(c == '\n' ? 'n' : isWord(c) ? 'w' : 'o');
            for (long[] set : distinct) {
                signature.append(accepts(set, c) ? '1' : '0');
            }
            Integer id = classes.get(signature.toString());
            if (id == null) {
                id = classes.size();
                classes.put(signature.toString(), id);
                firstByte[id] = c;
            }
            byteClass[c] = id;
        }
        classByte = Arrays.copyOf(firstByte, classes.size());
    }

    /**
     * Whether every match must start at the start of the text: no instruction that consumes a byte or ends a match
     * is reachable from the start without passing a {@code BEGIN_TEXT} condition ({@code ^abc}, {@code ^a|^b}).
     * Then the start is not re-entered at later positions and the search stops when no instruction is pending.
     */
    private boolean anchoredAtStart() {
        boolean[] seen = new boolean[op.length];
        int[] stack = new int[op.length * 2 + 1];
        int top = 0;
        stack[top++] = start;
        while (top > 0) {
            int pc = stack[--top];
            if (seen[pc]) {
                continue;
            }
            seen[pc] = true;
            switch (op[pc]) {
                case Program.ALT -> {
                    stack[top++] = out[pc];
                    stack[top++] = arg[pc];
                }
                case Program.EMPTY_WIDTH -> {
                    if ((arg[pc] & Program.BEGIN_TEXT) == 0) {
                        stack[top++] = out[pc];
                    }
                }
                default -> {
                    return false; // a byte or the match reachable without BEGIN_TEXT
                }
            }
        }
        return true;
    }

    private static boolean accepts(long[] set, int c) {
        return (set[c >>> 6] & (1L << c)) != 0;
    }

    private static boolean isWord(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    @Override
    public Verdict find(byte[] text) {
        if (text.length == 0) {
            return verdict(new Cache().step(0, -1, false) == MATCHED);
        }
        Cache cache = new Cache();
        int classes = classByte.length;
        int row = 0; // state 0: no pending instruction, at the start of the text
        int last = text.length - 1;
        final int[] cls = byteClass;
        int[] table = cache.table;
        int dead = cache.deadRow;
        for (int i = 0; i < last; i++) {
            int c = cls[text[i] & 0xff];
            int next = table[row + c];
            if (next < 0) {
                if (next == MATCHED) {
                    return Verdict.MATCH;
                }
                next = cache.transition(row / classes, c);
                if (next == MATCHED) {
                    return Verdict.MATCH;
                }
                table = cache.table; // grown or cleared
                dead = cache.deadRow;
            }
            row = next;
            if (row == dead) {
                return Verdict.NO_MATCH;
            }
        }
        // The last byte: a final newline also counts as the end of the text for $; then the end itself.
        int c = text[last] & 0xff;
        int state = cache.step(row / classes, c, c == '\n');
        if (state == MATCHED) {
            return Verdict.MATCH;
        }
        return verdict(cache.step(state, -1, false) == MATCHED);
    }

    private static Verdict verdict(boolean matched) {
        return matched ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    @Override
    public boolean linear() {
        return true;
    }

    /** One call's states and transitions. Rows of {@code table} are indexed by state times the class count. */
    private final class Cache {
        private final Map<StateKey, Integer> ids = new HashMap<>();
        private int[][] pcs = new int[16][];
        private int[] context = new int[16];
        private int count;
        int[] table = new int[16 * classByte.length];
        /** The row of the state from which nothing can match any more (-1 until it exists). */
        int deadRow = -1;
        private final int[] stack = new int[op.length * 3 + 2];
        private final int[] seen = new int[op.length];
        private final int[] queued = new int[op.length];
        private int stamp;
        private final int[] nextPcs = new int[op.length];

        Cache() {
            Arrays.fill(table, UNKNOWN);
            add(NO_PCS, AT_START);
        }

        /** The cached-or-computed next row from {@code state} on byte class {@code cls}, or MATCHED. */
        int transition(int state, int cls) {
            if (count >= MAX_STATES) {
                int[] keepPcs = pcs[state];
                int keepContext = context[state];
                ids.clear();
                count = 0;
                deadRow = -1;
                Arrays.fill(table, UNKNOWN);
                state = add(keepPcs, keepContext);
            }
            int next = step(state, classByte[cls], false);
            int value = next == MATCHED ? MATCHED : next * classByte.length;
            table[state * classByte.length + cls] = value;
            return value;
        }

        /**
         * Follows the state's pending instructions through every instruction that consumes nothing, given the
         * byte before (the state's context) and {@code c} (-1 at the end of the text), then moves the character
         * instructions that accept {@code c}. Returns the next state's index, or MATCHED when a match ends here.
         */
        int step(int state, int c, boolean finalNewline) {
            int ctx = context[state];
            int flags = flags(ctx, c, finalNewline);
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                Arrays.fill(queued, 0);
                stamp = 1;
            }
            int top = 0;
            for (int pc : pcs[state]) {
                stack[top++] = pc;
            }
            if (!anchored || ctx == AT_START) {
                stack[top++] = start;
            }
            int found = 0;
            while (top > 0) {
                int pc = stack[--top];
                if (seen[pc] == stamp) {
                    continue;
                }
                seen[pc] = stamp;
                switch (op[pc]) {
                    case Program.ALT -> {
                        stack[top++] = out[pc];
                        stack[top++] = arg[pc];
                    }
                    case Program.EMPTY_WIDTH -> {
                        if ((arg[pc] & ~flags) == 0) {
                            stack[top++] = out[pc];
                        }
                    }
                    case Program.MATCH -> {
                        return MATCHED;
                    }
                    default -> {
                        int target = out[pc];
                        if (c >= 0 && accepts(accepts[pc], c) && queued[target] != stamp) {
                            queued[target] = stamp;
                            nextPcs[found++] = target;
                        }
                    }
                }
            }
            int[] next = Arrays.copyOf(nextPcs, found);
            Arrays.sort(next);
            int nextContext = c < 0 ? AFTER_OTHER : c == '\n' && usesLines ? AFTER_NEWLINE
                    : isWord(c) && usesWords ? AFTER_WORD : AFTER_OTHER;
            Integer known = ids.get(new StateKey(next, nextContext));
            if (known != null) {
                return known;
            }
            int id = add(next, nextContext);
            if (found == 0 && anchored) {
                deadRow = id * classByte.length;
            }
            return id;
        }

        private int flags(int ctx, int c, boolean finalNewline) {
            int flags = 0;
            if (ctx == AT_START) {
                flags |= Program.BEGIN_TEXT | Program.BEGIN_LINE;
            } else if (ctx == AFTER_NEWLINE) {
                flags |= Program.BEGIN_LINE;
            }
            if (c < 0) {
                flags |= Program.END_TEXT | Program.END_LINE;
            } else if (c == '\n') {
                flags |= Program.END_LINE | (finalNewline ? Program.END_TEXT : 0);
            }
            boolean before = ctx == AFTER_WORD;
            boolean after = c >= 0 && isWord(c);
            flags |= before != after ? Program.WORD_BOUNDARY : Program.NO_WORD_BOUNDARY;
            return flags;
        }

        private int add(int[] statePcs, int ctx) {
            if (count == pcs.length) {
                int size = count * 2; // transition() keeps count under MAX_STATES; the end of a text may add two
                pcs = Arrays.copyOf(pcs, size);
                context = Arrays.copyOf(context, size);
                int old = table.length;
                table = Arrays.copyOf(table, size * classByte.length);
                Arrays.fill(table, old, table.length, UNKNOWN);
            }
            pcs[count] = statePcs;
            context[count] = ctx;
            ids.put(new StateKey(statePcs, ctx), count);
            return count++;
        }
    }

    /** A DFA state's identity: the sorted pending instructions and the context byte kind. */
    private record StateKey(int[] pcs, int context) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey k && k.context == context && Arrays.equals(k.pcs, pcs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pcs) * 31 + context;
        }
    }
}
