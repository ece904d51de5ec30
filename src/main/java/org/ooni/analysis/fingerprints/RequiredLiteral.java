package org.ooni.analysis.fingerprints;

import java.util.Optional;

/**
 * Finds a literal that every match of a regex must contain, so the matcher runs the regex only on bodies where the
 * Aho–Corasick pass saw that literal. Deliberately conservative: only top-level runs of plain ASCII characters count
 * (group contents, classes, escapes and quantified characters are skipped), and a top-level alternation, an inline
 * flag (which could make matching case-insensitive or ignore spaces) or a quoted section gives no literal at all.
 */
public final class RequiredLiteral {
    static final int MIN_LENGTH = 3;

    private RequiredLiteral() {
    }

    public static Optional<String> of(String regex) {
        if (regex.contains("\\Q") || hasInlineFlags(regex)) {
            return Optional.empty();
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                best = longer(best, run);
                continue;
            }
            if (c == '[') {
                i = skipClass(regex, i);
                best = longer(best, run);
                continue;
            }
            if (c == '(') {
                depth++;
                i++;
                best = longer(best, run);
                continue;
            }
            if (c == ')') {
                depth--;
                i++;
                continue;
            }
            if (depth > 0) {
                i++;
                continue;
            }
            if (c == '|') {
                return Optional.empty();
            }
            if (isPlain(c)) {
                char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
                if (next == '?' || next == '*' || next == '{') {
                    best = longer(best, run); // this character may be absent: it ends the run and is not part of it
                } else if (next == '+') {
                    run.append(c);
                    best = longer(best, run); // at least one: the run ends after it
                } else {
                    run.append(c);
                }
            } else {
                best = longer(best, run);
            }
            i++;
        }
        best = longer(best, run);
        return best.length() >= MIN_LENGTH ? Optional.of(best) : Optional.empty();
    }

    private static boolean isPlain(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || " <>/=:;,'\"!@#%&_~-".indexOf(c) >= 0);
    }

    private static String longer(String best, StringBuilder run) {
        String candidate = run.toString();
        run.setLength(0);
        return candidate.length() > best.length() ? candidate : best;
    }

    /** Index just past the class starting at {@code start}; a ']' first in the class is a member, not the end. */
    private static int skipClass(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        int nested = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                nested++;
            } else if (c == ']') {
                if (nested == 0) {
                    return i + 1;
                }
                nested--;
            }
            i++;
        }
        return i;
    }

    /** Any {@code (?} other than a plain non-capturing group, a lookaround or a named group (Java's or Python's). */
    private static boolean hasInlineFlags(String regex) {
        for (int i = regex.indexOf("(?"); i >= 0; i = regex.indexOf("(?", i + 1)) {
            if (i > 0 && regex.charAt(i - 1) == '\\') {
                continue;
            }
            String rest = regex.substring(i + 2);
            if (!(rest.startsWith(":") || rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=")
                    || rest.startsWith("<!") || rest.startsWith("P<") || rest.startsWith("P=")
                    || rest.startsWith("<") && rest.length() > 1 && Character.isLetter(rest.charAt(1)))) {
                return true;
            }
        }
        return false;
    }
}
