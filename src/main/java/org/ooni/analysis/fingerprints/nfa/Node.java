package org.ooni.analysis.fingerprints.nfa;

import java.util.List;

/**
 * A parsed regex, reduced to what decides which texts match: sets of bytes, empty-width conditions, concatenation,
 * alternation and counted repetition. Captures, names and greediness are gone (a search only asks "is there a match
 * anywhere"). {@link #height()} is the nesting depth and {@link #size()} the number of instructions the node compiles
 * to (saturating), both known as soon as the node exists so a hostile pattern is refused before it is built.
 */
sealed interface Node {
    default int height() {
        return 1;
    }

    default long size() {
        return 1;
    }

    /** Matches the empty string. */
    record Empty() implements Node {
        @Override
        public long size() {
            return 0;
        }
    }

    /** One byte of {@code set} (four 64-bit words, bytes 0..255). */
    record Chars(long[] set) implements Node {
    }

    /** An empty-width condition: a {@link Program} {@code BEGIN_LINE}... flag. */
    record Assertion(int condition) implements Node {
    }

    /** The parts one after the other. */
    record Concat(List<Node> parts, int height, long size) implements Node {
        static Node of(List<Node> parts) {
            return parts.isEmpty() ? new Empty() : parts.size() == 1 ? parts.get(0)
                    : new Concat(List.copyOf(parts), maxHeight(parts) + 1, sum(parts, 0));
        }
    }

    /** Any one of the choices. */
    record Alternation(List<Node> choices, int height, long size) implements Node {
        static Node of(List<Node> choices) {
            return choices.size() == 1 ? choices.get(0)
                    : new Alternation(List.copyOf(choices), maxHeight(choices) + 1, sum(choices, choices.size() - 1));
        }
    }

    /** {@code sub} at least {@code min} and at most {@code max} times; {@code max} -1 means no upper bound. */
    record Repeat(Node sub, int min, int max, int height, long size) implements Node {
        static Node of(Node sub, int min, int max) {
            // min copies, then max - min optional copies each behind an ALT, or one copy in a loop behind an ALT
            long copies = max < 0 ? Math.max(min, 1) : max;
            long alts = max < 0 ? 1 : max - min;
            long size = saturate(saturate(copies * (double) sub.size()) + (double) alts);
            return new Repeat(sub, min, max, sub.height() + 1, size);
        }
    }

    private static int maxHeight(List<Node> nodes) {
        int height = 0;
        for (Node n : nodes) {
            height = Math.max(height, n.height());
        }
        return height;
    }

    private static long sum(List<Node> nodes, long extra) {
        double total = extra;
        for (Node n : nodes) {
            total += n.size();
        }
        return saturate(total);
    }

    private static long saturate(double value) {
        return value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) value;
    }
}
