package org.ooni.analysis.job;

/**
 * The {@code [debug]} section: pauses at the steps of a staged load, for the fault and overlap tests that kill or
 * overlap a run at a known step. All 0 (no pause) by default; never set them in production.
 */
public record DebugPauses(Double pauseAfterLeaseSeconds, Double pauseAfterLoadSeconds,
                          Double pauseBeforeSwapSeconds) {
    public DebugPauses {
        pauseAfterLeaseSeconds = pauseAfterLeaseSeconds == null ? 0 : pauseAfterLeaseSeconds;
        pauseAfterLoadSeconds = pauseAfterLoadSeconds == null ? 0 : pauseAfterLoadSeconds;
        pauseBeforeSwapSeconds = pauseBeforeSwapSeconds == null ? 0 : pauseBeforeSwapSeconds;
    }

    /** No pauses. */
    public static DebugPauses none() {
        return new DebugPauses(0.0, 0.0, 0.0);
    }

    /** Sleeps {@code seconds} (nothing when 0) with one log line naming the step. */
    public static void pause(Log log, String job, String step, double seconds) {
        if (seconds <= 0) {
            return;
        }
        String shown = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        log.info(job + ": pausing " + shown + " s " + step + " (debug pause)");
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + step, e);
        }
    }
}
