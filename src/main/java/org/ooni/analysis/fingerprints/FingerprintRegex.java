package org.ooni.analysis.fingerprints;

import java.util.regex.PatternSyntaxException;
import org.ooni.analysis.fingerprints.nfa.NfaCompiler;
import org.ooni.analysis.fingerprints.nfa.PatternTooLarge;
import org.ooni.analysis.fingerprints.nfa.Program;

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
        String chars = ByteRegex.bytesAsChars(pattern);
        String re2Reason = null;
        Program program = null;
        String parseError = null;
        try {
            // first, so a pattern too large to build is refused before RE2/J builds it
            program = NfaCompiler.compile(chars);
        } catch (PatternTooLarge e) {
            re2Reason = e.getMessage();
        } catch (IllegalArgumentException e) {
            parseError = e.getMessage(); // not RE2 syntax: RE2/J's message below says why
        }
        if (re2Reason == null) {
            try {
                // RE2/J decides which patterns the linear engine runs, and words the reason for the rest
                com.google.re2j.Pattern.compile(chars);
                if (program != null) {
                    return new LazyDfa(program);
                }
                // never seen (FingerprintRegexDifferentialTest reads all RE2 syntax); safe: bounded, and reported
                re2Reason = "accepted by RE2/J but not by the lazy DFA's parser (" + parseError + ")";
            } catch (com.google.re2j.PatternSyntaxException e) {
                re2Reason = e.getDescription() + (e.getPattern().isEmpty() ? "" : ": " + e.getPattern());
            }
        }
        try {
            return new BoundedBacktracker(ByteRegex.compile(ByteRegex.javaSyntax(pattern)), re2Reason);
        } catch (PatternSyntaxException e) {
            throw new Unsupported(re2Reason, e.getDescription());
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
