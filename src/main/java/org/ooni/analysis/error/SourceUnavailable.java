package org.ooni.analysis.error;

/** A source (git remote, URL, file) could not be read: network, HTTP status, missing path. Exit 3. */
public final class SourceUnavailable extends AnalysisException {
    private final String source;
    private final int httpStatus;

    public SourceUnavailable(String source, String reason) {
        this(source, reason, null);
    }

    public SourceUnavailable(String source, String reason, Throwable cause) {
        this(source, reason, 0, cause);
    }

    private SourceUnavailable(String source, String reason, int httpStatus, Throwable cause) {
        super(Redact.url(source) + ": " + reason, cause);
        this.source = Redact.line(source);
        this.httpStatus = httpStatus;
    }

    /** The server answered, but not with 200. */
    public static SourceUnavailable httpStatus(String source, int status) {
        return new SourceUnavailable(source, "HTTP status " + status, status, null);
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
