package org.ooni.analysis.daemon;

import org.ooni.analysis.error.AnalysisException;

/** A run stopped by the daemon's shutdown after the grace period; its staging tables are already dropped. */
public final class JobAborted extends AnalysisException {
    public JobAborted(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 1;
    }

    @Override
    public String kind() {
        return "shutdown";
    }
}
