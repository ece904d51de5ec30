package org.ooni.analysis.fingerprints.nfa;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the regex syntax RE2 accepts with its default (Perl) flags, the syntax {@code com.google.re2j.Pattern}
 * compiles, into a {@link Node}: literals; escapes ({@code \n}, octal {@code \012}, {@code \x41}, {@code \x{263a}},
 * escaped punctuation, {@code \Q...\E}); classes with ranges, negation, {@code \d\s\w} and their negations, POSIX
 * {@code [[:alpha:]]} and {@code [[:^alpha:]]}, Unicode {@code \pL \p{Greek} \PL}; {@code .}; {@code ^ $ \A \z \b
 * \B}; flags {@code (?i) (?m) (?s) (?U)} and their negation, scoped to the enclosing group; capturing, named
 * ({@code (?P<n>...)}, {@code (?<n>...)}) and non-capturing groups; alternation; {@code * + ? {n} {n,} {n,m}} and
 * their lazy forms, counts up to 1000 ({@code {} that does not start a valid count is a literal, as in RE2).
 *
 * <p>The meaning is RE2's: {@code ^} and {@code $} are the text's ends unless {@code (?m)}; {@code .} excludes
 * {@code \n} unless {@code (?s)}; a negated class includes {@code \n}; {@code \s} is {@code [\t\n\f\r ]}; classes are
 * ASCII apart from {@code \p}; {@code (?i)} folds as RE2 does. RE2/J itself decides which patterns are valid (the
 * caller compiles with it too), so this parser only has to read correctly what RE2/J accepts; on anything else it
 * throws {@link IllegalArgumentException}. It keeps no recursion: nesting costs heap, and nodes deeper than
 * {@link NfaCompiler#MAX_HEIGHT} are refused with {@link PatternTooLarge}.
 */
final class Parser {
    private static final int MAX_COUNT = 1000;

    /** The flags that change what matches; {@code U} (ungreedy) does not. */
    private record Flags(boolean fold, boolean multiLine, boolean dotNl) {
    }

    /** An open group: the choices closed so far, the current concatenation, the flags to restore at its end. */
    private static final class Group {
        final List<Node> choices = new ArrayList<>();
        List<Node> concat = new ArrayList<>();
        final Flags saved;

        Group(Flags saved) {
            this.saved = saved;
        }
    }

    private final String s;
    private int pos;
    private Flags flags = new Flags(false, false, false);
    private final Deque<Group> open = new ArrayDeque<>();
    private Group group = new Group(flags);

    private Parser(String pattern) {
        this.s = pattern;
    }

    static Node parse(String pattern) {
        return new Parser(pattern).parse();
    }

    private Node parse() {
        while (pos < s.length()) {
            int c = s.codePointAt(pos);
            switch (c) {
                case '(' -> {
                    if (s.startsWith("(?", pos)) {
                        perlGroup();
                    } else {
                        pos++;
                        openGroup(flags);
                    }
                }
                case '|' -> {
                    pos++;
                    group.choices.add(Node.Concat.of(group.concat));
                    group.concat = new ArrayList<>();
                }
                case ')' -> {
                    pos++;
                    closeGroup();
                }
                case '^' -> {
                    pos++;
                    push(new Node.Assertion(flags.multiLine() ? Program.BEGIN_LINE : Program.BEGIN_TEXT));
                }
                case '$' -> {
                    pos++;
                    push(new Node.Assertion(flags.multiLine() ? Program.END_LINE : Program.END_TEXT));
                }
                case '.' -> {
                    pos++;
                    long[] set = ByteSets.all();
                    if (!flags.dotNl()) {
                        set[0] &= ~(1L << '\n');
                    }
                    push(new Node.Chars(set));
                }
                case '[' -> push(new Node.Chars(charClass()));
                case '*', '+', '?' -> {
                    pos++;
                    repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1);
                }
                case '{' -> {
                    int[] count = count();
                    if (count == null) {
                        pos++;
                        literal('{');
                    } else {
                        repeat(count[0], count[1]);
                    }
                }
                case '\\' -> escape();
                default -> {
                    pos += Character.charCount(c);
                    literal(c);
                }
            }
        }
        if (!open.isEmpty()) {
            throw error("missing closing )");
        }
        return finish(group);
    }

    private static Node finish(Group g) {
        g.choices.add(Node.Concat.of(g.concat));
        return Node.Alternation.of(g.choices);
    }

    private void openGroup(Flags saved) {
        open.push(group);
        group = new Group(saved);
    }

    private void closeGroup() {
        if (open.isEmpty()) {
            throw error("unexpected )");
        }
        Node node = finish(group);
        flags = group.saved;
        group = open.pop();
        push(node);
    }

    private void push(Node node) {
        checkHeight(node);
        group.concat.add(node);
    }

    private void literal(int c) {
        long[] set;
        if (flags.fold()) {
            set = ByteSets.range(c, c, true);
        } else {
            set = ByteSets.empty();
            if (c < 256) {
                ByteSets.add(set, c);
            }
        }
        push(new Node.Chars(set));
    }

    /** Applies a repetition to the last item (after an optional lazy {@code ?}, which changes no match). */
    private void repeat(int min, int max) {
        if (pos < s.length() && s.charAt(pos) == '?') {
            pos++;
        }
        if (group.concat.isEmpty()) {
            throw error("missing argument to repetition operator");
        }
        int last = group.concat.size() - 1;
        Node node = Node.Repeat.of(group.concat.get(last), min, max);
        checkHeight(node);
        group.concat.set(last, node);
    }

    private static void checkHeight(Node node) {
        if (node.height() > NfaCompiler.MAX_HEIGHT) {
            throw new PatternTooLarge("expression nests deeper than " + NfaCompiler.MAX_HEIGHT);
        }
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code pos}: {min, max (-1: none)}, or null if not one. */
    private int[] count() {
        int at = pos + 1;
        int min = number(at);
        if (min == -1) {
            return null;
        }
        at = skipDigits(at);
        int max = min;
        if (at < s.length() && s.charAt(at) == ',') {
            at++;
            if (at < s.length() && s.charAt(at) == '}') {
                max = -1;
            } else {
                max = number(at);
                if (max == -1) {
                    return null;
                }
                at = skipDigits(at);
            }
        }
        if (at >= s.length() || s.charAt(at) != '}') {
            return null;
        }
        at++;
        if (min == -2 || min > MAX_COUNT || max == -2 || max > MAX_COUNT || max >= 0 && min > max) {
            throw error("invalid repeat count");
        }
        pos = at;
        return new int[] {min, max};
    }

    /** The decimal number at {@code at}: -1 if none or with a leading zero, -2 if over eight digits. */
    private int number(int at) {
        int end = skipDigits(at);
        if (end == at || end - at > 1 && s.charAt(at) == '0') {
            return -1;
        }
        return end - at > 8 ? -2 : Integer.parseInt(s.substring(at, end));
    }

    private int skipDigits(int at) {
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    /** {@code (?P<name>}, {@code (?<name>}, {@code (?flags)} or {@code (?flags:}. */
    private void perlGroup() {
        if (s.startsWith("(?P<", pos) || s.startsWith("(?<", pos)) {
            int begin = pos + (s.charAt(pos + 2) == 'P' ? 4 : 3);
            int end = s.indexOf('>', begin);
            if (end < 0 || !validName(s.substring(begin, end))) {
                throw error("invalid named capture");
            }
            pos = end + 1;
            openGroup(flags);
            return;
        }
        pos += 2;
        boolean fold = flags.fold();
        boolean multiLine = flags.multiLine();
        boolean dotNl = flags.dotNl();
        boolean negate = false;
        boolean sawFlag = false;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            switch (c) {
                case 'i' -> fold = !negate;
                case 'm' -> multiLine = !negate;
                case 's' -> dotNl = !negate;
                case 'U' -> {
                }
                case '-' -> {
                    if (negate) {
                        throw error("invalid or unsupported Perl syntax");
                    }
                    negate = true;
                    sawFlag = false;
                    continue;
                }
                case ':', ')' -> {
                    if (negate && !sawFlag) {
                        throw error("invalid or unsupported Perl syntax");
                    }
                    if (c == ':') {
                        openGroup(flags);
                    }
                    flags = new Flags(fold, multiLine, dotNl);
                    return;
                }
                default -> throw error("invalid or unsupported Perl syntax");
            }
            sawFlag = true;
        }
        throw error("invalid or unsupported Perl syntax");
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && !isAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(int c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** A backslash outside a class. */
    private void escape() {
        if (pos + 1 < s.length()) {
            int assertion = "AbBz".indexOf(s.charAt(pos + 1));
            if (assertion >= 0) {
                pos += 2;
                push(new Node.Assertion(new int[] {Program.BEGIN_TEXT, Program.WORD_BOUNDARY,
                    Program.NO_WORD_BOUNDARY, Program.END_TEXT}[assertion]));
                return;
            }
            switch (s.charAt(pos + 1)) {
                case 'Q' -> {
                    // literal text up to \E or the end; each character is its own item, so x* repeats the last
                    pos += 2;
                    int end = s.indexOf("\\E", pos);
                    String text = s.substring(pos, end < 0 ? s.length() : end);
                    pos = end < 0 ? s.length() : end + 2;
                    text.codePoints().forEach(this::literal);
                    return;
                }
                case 'p', 'P' -> {
                    push(new Node.Chars(unicodeGroup()));
                    return;
                }
                default -> {
                    long[] perl = perlGroup(s.charAt(pos + 1));
                    if (perl != null) {
                        pos += 2;
                        push(new Node.Chars(perl));
                        return;
                    }
                }
            }
        }
        literal(escapedChar());
    }

    /** {@code \d \D \s \S \w \W} as a set under the current flags, or null for another letter. */
    private long[] perlGroup(char c) {
        int[] ranges = ByteSets.PERL.get(Character.toLowerCase(c));
        return ranges == null ? null : ByteSets.group(ranges, Character.isUpperCase(c), flags.fold());
    }

    /** {@code \pX}, {@code \p{Name}}, {@code \p{^Name}} or the {@code \P} forms at {@code pos}. */
    private long[] unicodeGroup() {
        int start = pos;
        pos += 2;
        if (pos >= s.length()) {
            throw error("invalid character class range");
        }
        if (s.charAt(pos) == '{') {
            int end = s.indexOf('}', pos);
            if (end < 0) {
                throw error("invalid character class range");
            }
            pos = end + 1;
        } else {
            pos += Character.charCount(s.codePointAt(pos));
        }
        try {
            return ByteSets.unicode(s.substring(start, pos), flags.fold());
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw error(e.getDescription());
        }
    }

    /** A single-character escape at {@code pos} (the backslash): its code point. */
    private int escapedChar() {
        pos++;
        if (pos >= s.length()) {
            throw error("trailing backslash at end of expression");
        }
        int c = s.codePointAt(pos);
        pos += Character.charCount(c);
        if (c >= '1' && c <= '7' && (pos >= s.length() || s.charAt(pos) < '0' || s.charAt(pos) > '7')) {
            throw error("invalid escape sequence"); // a backreference
        }
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            for (int digits = 1; digits < 3 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7';
                    digits++) {
                value = value * 8 + s.charAt(pos++) - '0';
            }
            return value;
        }
        if (c == 'x') {
            return hex();
        }
        int named = "afnrtv".indexOf(c);
        if (named >= 0) {
            return new int[] {7, '\f', '\n', '\r', '\t', 11}[named];
        }
        if (!isAlnum(c)) {
            return c; // escaped punctuation (or any other character but an ASCII letter or digit) is itself
        }
        throw error("invalid escape sequence");
    }

    /** After {@code \x}: two hex digits, or one or more in braces up to 10FFFF. */
    private int hex() {
        if (pos < s.length() && s.charAt(pos) == '{') {
            int value = 0;
            int at = pos + 1;
            for (; at < s.length() && s.charAt(at) != '}'; at++) {
                value = value * 16 + Character.digit(s.charAt(at), 16);
                if (!isHex(s.charAt(at)) || value > ByteSets.MAX_RUNE) {
                    throw error("invalid escape sequence");
                }
            }
            if (at >= s.length() || at == pos + 1) {
                throw error("invalid escape sequence");
            }
            pos = at + 1;
            return value;
        }
        if (pos + 2 > s.length() || !isHex(s.charAt(pos)) || !isHex(s.charAt(pos + 1))) {
            throw error("invalid escape sequence");
        }
        pos += 2;
        return Integer.parseInt(s.substring(pos - 2, pos), 16);
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** A bracketed class at {@code pos}: its set of bytes under the current flags. */
    private long[] charClass() {
        pos++;
        boolean negated = pos < s.length() && s.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        long[] set = ByteSets.empty();
        boolean first = true; // ']' is a member when first
        while (pos >= s.length() || s.charAt(pos) != ']' || first) {
            first = false;
            if (pos >= s.length()) {
                throw error("missing closing ]");
            }
            if (s.startsWith("[:", pos) && s.indexOf(":]", pos) >= 0) {
                int end = s.indexOf(":]", pos) + 2;
                String name = end - pos >= 5 ? s.substring(pos + 2, end - 2) : "";
                boolean negatedGroup = name.startsWith("^");
                int[] ranges = ByteSets.POSIX.get(negatedGroup ? name.substring(1) : name);
                if (ranges == null) {
                    throw error("invalid character class range");
                }
                pos = end;
                ByteSets.addAll(set, ByteSets.group(ranges, negatedGroup, flags.fold()));
                continue;
            }
            if (s.startsWith("\\p", pos) || s.startsWith("\\P", pos)) {
                ByteSets.addAll(set, unicodeGroup());
                continue;
            }
            if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
                long[] perl = perlGroup(s.charAt(pos + 1));
                if (perl != null) {
                    pos += 2;
                    ByteSets.addAll(set, perl);
                    continue;
                }
            }
            int lo = classChar();
            int hi = lo;
            if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
                pos++;
                hi = classChar();
                if (hi < lo) {
                    throw error("invalid character class range");
                }
            }
            ByteSets.addAll(set, ByteSets.range(lo, hi, flags.fold()));
        }
        pos++;
        return negated ? ByteSets.complement(set) : set;
    }

    private int classChar() {
        if (pos >= s.length()) {
            throw error("missing closing ]");
        }
        if (s.charAt(pos) == '\\') {
            return escapedChar();
        }
        int c = s.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
