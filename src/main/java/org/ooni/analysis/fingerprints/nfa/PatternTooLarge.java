package org.ooni.analysis.fingerprints.nfa;

/**
 * A pattern RE2 may accept but the linear engine refuses to build: over {@link NfaCompiler#MAX_INSTRUCTIONS}
 * instructions (counted repetitions multiply) or nested deeper than {@link NfaCompiler#MAX_HEIGHT}. Its message is
 * the reason given in the load-time warning.
 */
public final class PatternTooLarge extends RuntimeException {
    public PatternTooLarge(String message) {
        super(message, null, false, false);
    }
}
