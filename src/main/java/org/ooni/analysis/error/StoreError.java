package org.ooni.analysis.error;

/** The database refused or failed an operation (connect, DDL, insert, swap, query). Exit 6. */
public final class StoreError extends AnalysisException {
    public StoreError(String message) {
        this(message, null);
    }

    public StoreError(String message, Throwable cause) {
        super(Redact.secrets(message), cause);
    }

    @Override
    public int exitCode() {
        return 6;
    }

    @Override
    public String kind() {
        return "store error";
    }
}
