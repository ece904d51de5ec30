package org.ooni.analysis.daemon;

/**
 * Set once by the scheduler when it gives up waiting for running jobs at shutdown; a job that fails after it is
 * set failed because it was aborted, and reports that reason instead of whatever the interruption caused.
 */
public final class AbortSignal {
    private volatile String reason;

    public void abort(String why) {
        this.reason = why;
    }

    /** The reason, or null while no abort was asked for. */
    public String reason() {
        return reason;
    }
}
