package org.ooni.analysis.fingerprints;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites a pattern that needs backtracking into one a linear engine can run and that matches at least wherever
 * the original does, so that a body the rewrite does not match is answered "no match" without backtracking.
 *
 * <p>Why it is sound: a backreference matches text its group matched, which the group's own pattern accepts, so the
 * group's pattern in its place accepts at least as much (made case-insensitive, dot-all and multi-line, which only
 * widen it); a lookaround only narrows where its surroundings match, so dropping it widens; an atomic group or a
 * possessive quantifier matches a subset of what its plain form matches. Anything whose rewrite would not be sound
 * this simply (flags turned off or other than i, m, s; {@code \Q}; octal or multi-digit references; nested classes;
 * references nested deeper than {@link #MAX_DEPTH}; escapes whose meaning differs between the engines) gets no
 * rewrite, and the pattern keeps its step budget alone. The input is Java syntax ({@link ByteRegex#javaSyntax}),
 * for a Java pattern compiled with {@link java.util.regex.Pattern#UNIX_LINES}, whose {@code .}, {@code ^} and
 * {@code $} then mean what they mean on the linear engine.
 */
final class NecessaryPattern {
    static final int MAX_DEPTH = 4;
    /**
     * Escapes whose meaning differs between Java's regex and the linear engine on bytes (Java 17's {@code \b} counts
     * Latin-1 letters as word characters, its {@code \s} holds \x0B), or that RE2 lacks: no rewrite for these.
     */
    private static final String DIFFERING_ESCAPES = "bBsSpPhHvVRXGZ";

    private final String pattern;
    /** Capturing groups in the order Java numbers them: [start of the group's content, end of it]. */
    private final List<int[]> groups = new ArrayList<>();
    private final Map<String, Integer> named = new HashMap<>();

    private NecessaryPattern(String pattern) {
        this.pattern = pattern;
    }

    /** The widened pattern, or empty when this pattern gets none. */
    static Optional<String> of(String javaPattern) {
        NecessaryPattern p = new NecessaryPattern(javaPattern);
        try {
            p.indexGroups();
            return Optional.of(p.rewrite(0, javaPattern.length(), 0));
        } catch (NoRewrite e) {
            return Optional.empty();
        }
    }

    /** First pass: where each capturing group's content starts and ends, and the numbers of named groups. */
    private void indexGroups() {
        List<Integer> open = new ArrayList<>(); // group number, or -1 for a group that captures nothing
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(i) - 1;
            } else if (c == '(') {
                int content = groupContentStart(i);
                if (capturing(i)) {
                    groups.add(new int[] {content, -1});
                    if (pattern.startsWith("(?<", i)) {
                        named.put(pattern.substring(i + 3, content - 1), groups.size());
                    }
                    open.add(groups.size());
                } else {
                    open.add(-1);
                }
            } else if (c == ')') {
                if (open.isEmpty()) {
                    throw new NoRewrite();
                }
                int n = open.remove(open.size() - 1);
                if (n > 0) {
                    groups.get(n - 1)[1] = i;
                }
            }
        }
        if (!open.isEmpty()) {
            throw new NoRewrite();
        }
    }

    /** The text from {@code from} to {@code to}, widened as the class comment says. */
    private String rewrite(int from, int to, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NoRewrite();
        }
        StringBuilder out = new StringBuilder();
        boolean afterQuantifier = false;
        for (int i = from; i < to; i++) {
            char c = pattern.charAt(i);
            boolean quantifier = false;
            if (c == '\\') {
                if (i + 1 >= to) {
                    throw new NoRewrite();
                }
                char e = pattern.charAt(i + 1);
                if (e >= '1' && e <= '9') {
                    if (i + 2 < to && Character.isDigit(pattern.charAt(i + 2))) {
                        throw new NoRewrite(); // \12 is group 12 or group 1 and a 2, by the group count
                    }
                    out.append(reference(e - '0', depth));
                    i++;
                } else if (e == 'k' && i + 2 < to && pattern.charAt(i + 2) == '<') {
                    int close = pattern.indexOf('>', i + 3);
                    Integer n = close < 0 ? null : named.get(pattern.substring(i + 3, close));
                    if (n == null) {
                        throw new NoRewrite();
                    }
                    out.append(reference(n, depth));
                    i = close;
                } else if (e == 'Q' || e == 'E' || e == '0' || DIFFERING_ESCAPES.indexOf(e) >= 0) {
                    throw new NoRewrite();
                } else {
                    out.append(c).append(e);
                    i++;
                }
            } else if (c == '[') {
                int end = classEnd(i);
                out.append(pattern, i, end);
                i = end - 1;
            } else if (c == '(' && lookaround(i)) {
                out.append("(?:)"); // keeps a quantifier after it well-formed
                i = groupEnd(i);
            } else if (c == '(' && pattern.startsWith("(?<", i)) {
                out.append('('); // a named group: the rewrite refers to no group, so a plain one is as good
                i = groupContentStart(i) - 1;
            } else if (c == '{' && repetitionEnd(i) > 0) {
                int end = repetitionEnd(i);
                out.append(pattern, i, end);
                i = end - 1;
                quantifier = true;
            } else if (c == '(' && pattern.startsWith("(?>", i)) {
                out.append("(?:");
                i += 2;
            } else if (c == '(' && pattern.startsWith("(?", i) && !capturing(i) && !pattern.startsWith("(?:", i)) {
                int end = flagsEnd(i);
                out.append(pattern, i, end);
                i = end - 1;
            } else if (c == '+' && afterQuantifier) {
                continue; // possessive: its plain form matches a superset
            } else {
                out.append(c);
                quantifier = c == '*' || c == '+' || c == '?';
            }
            afterQuantifier = quantifier;
        }
        return out.toString();
    }

    /** The index just past a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} opening at {@code i}, else -1. */
    private int repetitionEnd(int i) {
        int j = i + 1;
        int digits = 0;
        while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        if (j < pattern.length() && pattern.charAt(j) == ',') {
            j++;
            while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                j++;
            }
        }
        return j < pattern.length() && pattern.charAt(j) == '}' ? j + 1 : -1;
    }

    private String reference(int group, int depth) {
        if (group > groups.size()) {
            throw new NoRewrite();
        }
        int[] g = groups.get(group - 1);
        return "(?ims:" + rewrite(g[0], g[1], depth + 1) + ")";
    }

    private boolean lookaround(int i) {
        return pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i) || pattern.startsWith("(?<=", i)
                || pattern.startsWith("(?<!", i);
    }

    private boolean capturing(int i) {
        if (!pattern.startsWith("(?", i)) {
            return true;
        }
        return pattern.startsWith("(?<", i) && !lookaround(i);
    }

    private int groupContentStart(int i) {
        if (!pattern.startsWith("(?", i)) {
            return i + 1;
        }
        if (capturing(i)) {
            int close = pattern.indexOf('>', i);
            if (close < 0) {
                throw new NoRewrite();
            }
            return close + 1;
        }
        return i + 2;
    }

    /** The end of an inline-flags group, {@code (?ims)} or {@code (?ims:}; only flags that widen are kept. */
    private int flagsEnd(int i) {
        int j = i + 2;
        while (j < pattern.length() && "ims".indexOf(pattern.charAt(j)) >= 0) {
            j++;
        }
        if (j >= pattern.length() || j == i + 2) {
            throw new NoRewrite(); // (?x), (?u), (?-i), (?#...), or something else this does not widen soundly
        }
        char c = pattern.charAt(j);
        if (c == ')' || c == ':') {
            return j + 1;
        }
        throw new NoRewrite();
    }

    /** The index just past the character class opening at {@code i}. */
    private int classEnd(int i) {
        int j = i + 1;
        if (j < pattern.length() && pattern.charAt(j) == '^') {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
            throw new NoRewrite(); // Java and RE2 read a leading ] differently
        }
        for (; j < pattern.length(); j++) {
            char c = pattern.charAt(j);
            if (c == '\\') {
                j++;
                if (j < pattern.length() && DIFFERING_ESCAPES.indexOf(pattern.charAt(j)) >= 0) {
                    throw new NoRewrite();
                }
            } else if (c == '[' || (c == '&' && j + 1 < pattern.length() && pattern.charAt(j + 1) == '&')) {
                throw new NoRewrite(); // Java's nested classes and intersections
            } else if (c == ']') {
                return j + 1;
            }
        }
        throw new NoRewrite();
    }

    /** The index of the parenthesis that closes the group opening at {@code i}. */
    private int groupEnd(int i) {
        int depth = 0;
        for (int j = i; j < pattern.length(); j++) {
            char c = pattern.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                j = classEnd(j) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        throw new NoRewrite();
    }

    /** This pattern gets no rewrite. */
    private static final class NoRewrite extends RuntimeException {
        NoRewrite() {
            super(null, null, false, false);
        }
    }
}
