package org.ooni.analysis.job;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * What a job run gets from the CLI: the store (opened on first use, so jobs that need none never connect),
 * metrics, log, clock, configuration, the run-wide flags, the run's id (which names its staging tables and its
 * {@code job_runs} row) and the check that the run still holds its lease, made right before a swap.
 */
public record JobContext(Supplier<Warehouse> store, Metrics metrics, Log log, Clock clock, AnalysisConfig config,
                         boolean dryRun, boolean force, String runId, Runnable confirmLease) {
    /** A context for a run that holds no lease (library use, benchmarks, tests), with a fresh run id. */
    public JobContext(Supplier<Warehouse> store, Metrics metrics, Log log, Clock clock, AnalysisConfig config,
                      boolean dryRun, boolean force) {
        this(store, metrics, log, clock, config, dryRun, force, newRunId(), () -> { });
    }

    public Warehouse warehouse() {
        return store.get();
    }

    /** The same context seeing the store through {@code other} (e.g. a wrapper that watches it). */
    public JobContext withStore(Supplier<Warehouse> other) {
        return new JobContext(other, metrics, log, clock, config, dryRun, force, runId, confirmLease);
    }

    /** A new run id: 12 lower-case hex digits, so it can end a table name. */
    public static String newRunId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
