package org.ooni.analysis.runs;

import java.util.List;
import java.util.function.Supplier;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * Appends a run to {@code job_runs} and updates the per-job run metrics
 * ({@code job_runs.<job>.duration}, {@code job_runs.<job>.<outcome>}, {@code job_runs.<job>.last_success_time}).
 * Recording never changes the outcome of the run it records: any failure to write is one WARN line.
 */
public final class RunRecorder {
    private final Log log;
    private final Metrics metrics;

    public RunRecorder(Log log, Metrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Records the run in metrics, then in the store {@code store} opens (null: no store to record into). Never
     * throws: the run's own result or failure is what the caller reports, whatever happens here.
     */
    public void record(JobRun run, Supplier<Warehouse> store) {
        try {
            Metrics m = metrics.scoped("job_runs." + run.job());
            m.record("duration", run.duration());
            m.increment(run.outcome().word());
            if (run.succeeded()) {
                m.gauge("last_success_time", run.finished().getEpochSecond());
            }
        } catch (RuntimeException e) {
            log.warn(run.job() + ": run metrics not sent: " + JobRun.oneLine(String.valueOf(e)));
        }
        if (store == null) {
            log.debug(run.job() + ": run not recorded in " + JobRunsTable.NAME + " (no store for this job)");
            return;
        }
        try {
            Warehouse warehouse = store.get();
            warehouse.createTableIfMissing(JobRunsTable.SCHEMA);
            warehouse.insertRows(JobRunsTable.SCHEMA, List.<Object[]>of(run.toRow()).iterator());
            log.debug(run.job() + ": recorded run " + run.runId() + " (" + run.outcome().word() + ") in "
                    + JobRunsTable.NAME);
        } catch (RuntimeException e) {
            // The history is an observation of the run, not part of it: a store that is down or read-only must not
            // turn a good run into a failure, nor replace a failed run's own error with this one.
            log.warn(run.job() + ": run not recorded in " + JobRunsTable.NAME + ": " + JobRun.oneLine(e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }
}
