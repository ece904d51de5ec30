package org.ooni.analysis.error;

/**
 * Base of every failure a user can act on; each subtype maps to one documented exit code. The message is made
 * safe to print once, here: line breaks joined with " | " (a failure is one line, in the error line and in
 * job_runs alike), credentials masked, other control characters escaped, at most {@link Redact#MESSAGE_CHARS}
 * characters (see {@link Redact#message}).
 */
public abstract class AnalysisException extends RuntimeException {
    protected AnalysisException(String message, Throwable cause) {
        super(Redact.message(message == null ? null : message.replaceAll("\\s*[\\r\\n]+\\s*", " | ").strip()), cause);
    }

    /** Process exit code the CLI uses for this failure kind. */
    public abstract int exitCode();

    /** Short name of the failure kind, printed before the message. */
    public abstract String kind();
}
