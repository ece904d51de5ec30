package org.ooni.analysis.fingerprints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick automaton over bytes, built once and then shared read-only. Written here rather than taken from a
 * library: the one commonly used on the JVM ({@code org.ahocorasick:ahocorasick}) works on chars and Strings, so a
 * raw body would have to be decoded first (and a non-UTF-8 body cannot be decoded faithfully as UTF-8), and it builds
 * emit objects per hit; this class needs neither and is one small file.
 *
 * <p>The automaton is a full DFA: every state has a next state for every byte class (bytes that occur in no pattern
 * share one class, which keeps the table small), so scanning costs one table load per input byte. Next-state values
 * are pre-multiplied by the row width and stored bit-inverted (negative) when the target state ends a pattern, so the
 * inner loop tests a sign bit instead of loading a second array.
 */
public final class AhoCorasick {
    /** Receives each occurrence: the pattern's index in the build list and the offset just past its last byte. */
    @FunctionalInterface
    public interface Hit {
        void found(int pattern, int end);
    }

    private final int[] byteClass = new int[256];
    private final int stride;
    private final int[] delta;
    private final int[] depth;
    /** Patterns ending at a state, including those reached by failure links: outputs[outStart[s]..outStart[s+1]). */
    private final int[] outStart;
    private final int[] outputs;
    /** Patterns whose whole byte string leads from the root to the state (no failure links): for anchored walks. */
    private final int[] ownStart;
    private final int[] owns;
    private final int patternCount;

    public AhoCorasick(List<byte[]> patterns) {
        patternCount = patterns.size();
        int classes = 1;
        for (byte[] p : patterns) {
            if (p.length == 0) {
                throw new IllegalArgumentException("empty pattern");
            }
            for (byte b : p) {
                if (byteClass[b & 0xff] == 0) {
                    byteClass[b & 0xff] = classes++;
                }
            }
        }
        stride = classes;

        // Trie, with -1 for "no edge" until the failure links fill the gaps.
        int capacity = 1 + patterns.stream().mapToInt(p -> p.length).sum();
        int[] go = new int[capacity * stride];
        Arrays.fill(go, -1);
        int[] stateDepth = new int[capacity];
        List<List<Integer>> own = new ArrayList<>();
        own.add(new ArrayList<>());
        int states = 1;
        for (int i = 0; i < patterns.size(); i++) {
            int s = 0;
            for (byte b : patterns.get(i)) {
                int slot = s * stride + byteClass[b & 0xff];
                if (go[slot] < 0) {
                    go[slot] = states;
                    stateDepth[states] = stateDepth[s] + 1;
                    own.add(new ArrayList<>());
                    states++;
                }
                s = go[slot];
            }
            own.get(s).add(i);
        }

        // Breadth-first: failure links, the complete transition table, and output lists merged along failure links.
        int[] fail = new int[states];
        int[] order = new int[states];
        int head = 0;
        int tail = 0;
        order[tail++] = 0;
        List<int[]> out = new ArrayList<>(states);
        for (int s = 0; s < states; s++) {
            out.add(null);
        }
        out.set(0, own.get(0).stream().mapToInt(Integer::intValue).toArray());
        while (head < tail) {
            int s = order[head++];
            for (int c = 0; c < stride; c++) {
                int slot = s * stride + c;
                int child = go[slot];
                if (child >= 0 && stateDepth[child] == stateDepth[s] + 1 && child != 0) {
                    int f = s == 0 ? 0 : go[fail[s] * stride + c];
                    fail[child] = f;
                    int[] mine = own.get(child).stream().mapToInt(Integer::intValue).toArray();
                    int[] inherited = out.get(f);
                    int[] merged = Arrays.copyOf(mine, mine.length + inherited.length);
                    System.arraycopy(inherited, 0, merged, mine.length, inherited.length);
                    out.set(child, merged);
                    order[tail++] = child;
                } else {
                    go[slot] = s == 0 ? 0 : go[fail[s] * stride + c];
                }
            }
        }

        delta = new int[states * stride];
        for (int i = 0; i < delta.length; i++) {
            int target = go[i];
            delta[i] = out.get(target).length > 0 ? ~(target * stride) : target * stride;
        }
        depth = Arrays.copyOf(stateDepth, states);
        outStart = new int[states + 1];
        ownStart = new int[states + 1];
        for (int s = 0; s < states; s++) {
            outStart[s + 1] = outStart[s] + out.get(s).length;
            ownStart[s + 1] = ownStart[s] + own.get(s).size();
        }
        outputs = new int[outStart[states]];
        owns = new int[ownStart[states]];
        for (int s = 0; s < states; s++) {
            System.arraycopy(out.get(s), 0, outputs, outStart[s], out.get(s).length);
            for (int k = 0; k < own.get(s).size(); k++) {
                owns[ownStart[s] + k] = own.get(s).get(k);
            }
        }
    }

    public int patternCount() {
        return patternCount;
    }

    public int stateCount() {
        return depth.length;
    }

    /** Reports every occurrence of every pattern in {@code text[from, to)}, overlapping ones included. */
    public void search(byte[] text, int from, int to, Hit hit) {
        final int[] d = delta;
        final int[] cls = byteClass;
        int s = 0;
        for (int i = from; i < to; i++) {
            s = d[s + cls[text[i] & 0xff]];
            if (s < 0) {
                s = ~s;
                int state = s / stride;
                for (int k = outStart[state]; k < outStart[state + 1]; k++) {
                    hit.found(outputs[k], i + 1);
                }
            }
        }
    }

    /**
     * Reports the patterns that are prefixes of {@code text} (end = their length): a walk down the trie from the
     * root that stops at the first byte with no trie edge, so it costs at most the longest pattern's length.
     */
    public void prefixes(byte[] text, Hit hit) {
        int s = 0;
        for (int k = ownStart[0]; k < ownStart[1]; k++) {
            hit.found(owns[k], 0);
        }
        for (int i = 0; i < text.length; i++) {
            int next = delta[s + byteClass[text[i] & 0xff]];
            if (next < 0) {
                next = ~next;
            }
            int state = next / stride;
            if (depth[state] != i + 1) {
                return;
            }
            for (int k = ownStart[state]; k < ownStart[state + 1]; k++) {
                hit.found(owns[k], i + 1);
            }
            s = next;
        }
    }
}
