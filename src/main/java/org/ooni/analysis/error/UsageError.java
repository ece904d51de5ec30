package org.ooni.analysis.error;

/** A bad option value or combination that picocli itself cannot detect (e.g. a malformed --db URL). Exit 2. */
public final class UsageError extends AnalysisException {
    /** The message must already be free of credentials (mask URLs with {@link Redact#url}). */
    public UsageError(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() {
        return 2;
    }

    @Override
    public String kind() {
        return "usage error";
    }
}
