package org.ooni.analysis.error;

/** A bad option value or combination that picocli itself cannot detect (e.g. a malformed --db URL). Exit 2. */
public final class UsageError extends AnalysisException {
    public UsageError(String message) {
        super(Redact.secrets(message), null);
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
