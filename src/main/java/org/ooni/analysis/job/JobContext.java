package org.ooni.analysis.job;

import java.time.Clock;
import java.util.function.Supplier;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * What a job run gets from the CLI: the store (opened on first use, so jobs that need none never connect),
 * metrics, log, clock, configuration and the run-wide flags.
 */
public record JobContext(Supplier<Warehouse> store, Metrics metrics, Log log, Clock clock, AnalysisConfig config,
                         boolean dryRun, boolean force) {
    public Warehouse warehouse() {
        return store.get();
    }
}
