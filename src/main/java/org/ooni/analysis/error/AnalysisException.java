package org.ooni.analysis.error;

/** Base of every failure a user can act on; each subtype maps to one documented exit code. */
public abstract class AnalysisException extends RuntimeException {
    protected AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Process exit code the CLI uses for this failure kind. */
    public abstract int exitCode();

    /** Short name of the failure kind, printed before the message. */
    public abstract String kind();
}
