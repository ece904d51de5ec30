package org.ooni.analysis.error;

/** A source (git remote, URL, file) could not be read: network, HTTP status, missing path. Exit 3. */
public final class SourceUnavailable extends AnalysisException {
    private final String source;
    private final int httpStatus;
    private final boolean retryable;

    public SourceUnavailable(String source, String reason) {
        this(source, reason, null);
    }

    public SourceUnavailable(String source, String reason, Throwable cause) {
        this(source, reason, 0, cause, true);
    }

    private SourceUnavailable(String source, String reason, int httpStatus, Throwable cause, boolean retryable) {
        super(Redact.url(source) + ": " + reason, cause);
        this.source = Redact.url(source);
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /**
     * The source answered with a refusal that asking again will not change (wrong credentials, a missing bucket):
     * callers that retry stop at once.
     */
    public static SourceUnavailable refused(String source, String reason, Throwable cause) {
        return new SourceUnavailable(source, reason, 0, cause, false);
    }

    /** The server answered, but not with 200. */
    public static SourceUnavailable httpStatus(String source, int status) {
        return new SourceUnavailable(source, "HTTP status " + status, status, null, true);
    }

    /** Whether another attempt may succeed (a network failure, a server error); false for a refusal. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status the server answered with, or 0 when it did not answer (network error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    public String source() {
        return source;
    }

    @Override
    public int exitCode() {
        return 3;
    }

    @Override
    public String kind() {
        return "source unavailable";
    }
}
