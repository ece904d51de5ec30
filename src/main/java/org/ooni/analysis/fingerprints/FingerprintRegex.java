package org.ooni.analysis.fingerprints;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ooni.analysis.fingerprints.nfa.PatternTooLarge;

/**
 * A compiled {@code regexp} fingerprint, searched for in raw bytes. A pattern RE2 can express runs on a
 * {@link LazyDfa}, in time linear in the input; the rest (backreferences, lookaround, possessive quantifiers: what
 * only a backtracking engine does) runs on {@link BoundedBacktracker}, which gives up past a step budget.
 */
sealed interface FingerprintRegex permits LazyDfa, BoundedBacktracker {
    /** A search's answer; GAVE_UP counts as not matched and is reported by the caller. */
    enum Verdict { MATCH, NO_MATCH, GAVE_UP }

    Verdict find(byte[] text);

    /** True for the linear-time engine. */
    boolean linear();

    /**
     * Compiles the pattern from its UTF-8 bytes (see {@link ByteRegex}). Throws {@link Unsupported} when neither
     * engine accepts it.
     */
    static FingerprintRegex compile(String pattern) {
        String re2Reason;
        try {
            return LazyDfa.compile(ByteRegex.bytesAsChars(pattern));
        } catch (PatternTooLarge e) {
            re2Reason = e.getMessage();
        } catch (com.google.re2j.PatternSyntaxException e) {
            re2Reason = e.getDescription() + (e.getPattern().isEmpty() ? "" : ": " + e.getPattern());
        } catch (IllegalArgumentException e) {
            // never seen (FingerprintRegexDifferentialTest reads all RE2 syntax); safe: bounded, and reported
            re2Reason = "accepted by RE2/J but not by the lazy DFA's parser (" + e.getMessage() + ")";
        }
        String java = ByteRegex.javaSyntax(pattern);
        try {
            // UNIX_LINES: only \n ends a line, as on the linear engine and in Python's re (Java would also take \r and
            // the byte 0x85, the last byte of many UTF-8 characters)
            return new BoundedBacktracker(Pattern.compile(ByteRegex.bytesAsChars(java), Pattern.UNIX_LINES), re2Reason,
                    NecessaryPattern.of(java).flatMap(FingerprintRegex::linear).orElse(null));
        } catch (PatternSyntaxException e) {
            throw new Unsupported(re2Reason, e.getDescription());
        }
    }

    /** The pattern on the linear engine, or empty when it cannot run there. */
    private static Optional<FingerprintRegex> linear(String pattern) {
        try {
            return Optional.of(LazyDfa.compile(ByteRegex.bytesAsChars(pattern)));
        } catch (PatternTooLarge | IllegalArgumentException e) {
            return Optional.empty(); // RE2/J's PatternSyntaxException included: RE2 refuses it
        }
    }

    /** Neither RE2 nor Java compiles the pattern; both reasons are kept for the warning. */
    final class Unsupported extends RuntimeException {
        private final String re2Reason;
        private final String javaReason;

        Unsupported(String re2Reason, String javaReason) {
            super("RE2: " + re2Reason + "; Java: " + javaReason, null, false, false);
            this.re2Reason = re2Reason;
            this.javaReason = javaReason;
        }

        String re2Reason() {
            return re2Reason;
        }

        String javaReason() {
            return javaReason;
        }
    }
}
