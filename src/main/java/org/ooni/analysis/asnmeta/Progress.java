package org.ooni.analysis.asnmeta;

import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;

/**
 * One log line per step, each also counted in the {@code asnmeta_update_progress} gauge, as the original did, so
 * a dashboard shows how far a run got before it stopped. Values as the original's: the first step sends 0.
 */
final class Progress {
    static final String GAUGE = "asnmeta_update_progress";
    private final Metrics metrics;
    private final Log log;
    private long step;

    Progress(Metrics metrics, Log log) {
        this.metrics = metrics;
        this.log = log;
    }

    void step(String message) {
        metrics.gauge(GAUGE, step);
        step++;
        log.info("asnmeta: " + message);
    }

    /** Sends the next value without a log line: a step the original counted that has no line of its own here. */
    void silentStep() {
        metrics.gauge(GAUGE, step);
        step++;
    }
}
