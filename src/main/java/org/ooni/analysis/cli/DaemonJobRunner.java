package org.ooni.analysis.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.daemon.AbortSignal;
import org.ooni.analysis.daemon.AbortableJob;
import org.ooni.analysis.daemon.JobRunner;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.JobRun;
import org.ooni.analysis.runs.RunHistory;
import org.ooni.analysis.runs.RunOutcome;

/**
 * Runs the daemon's jobs exactly as {@code update <job>} does: a fresh {@link JobRuntime} per run (configuration
 * re-read, store opened for the run and closed after it, so {@code status}, {@code query} and {@code serve} can
 * open a DuckDB file between runs), the same log lines, metrics and {@code job_runs} row.
 */
final class DaemonJobRunner implements JobRunner {
    private final GlobalOptions options;
    private final Environment env;
    private final Map<String, Function<AnalysisConfig, org.ooni.analysis.job.Job>> factories;
    private final Log log;

    DaemonJobRunner(GlobalOptions options, Environment env,
                    Map<String, Function<AnalysisConfig, org.ooni.analysis.job.Job>> factories, Log log) {
        this.options = options;
        this.env = env;
        this.factories = factories;
        this.log = log;
    }

    @Override
    public void run(String job, AbortSignal abort) {
        try (JobRuntime runtime = new JobRuntime(options, env, false)) {
            runtime.run(new AbortableJob(factories.get(job).apply(runtime.config()), abort), false);
        } catch (AnalysisException e) {
            log.error("daemon: " + job + ": " + e.kind() + ": " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("daemon: " + job + ": internal error: " + e);
            throw e;
        }
    }

    @Override
    public void recordSkipped(String job, Instant at, String reason) {
        try (JobRuntime runtime = new JobRuntime(options, env, false)) {
            runtime.record(new JobRun(job, UUID.randomUUID().toString(), at, at, Duration.ZERO, RunOutcome.SKIPPED,
                    0, "", reason));
        } catch (RuntimeException e) {
            log.warn("daemon: " + job + ": skipped run not recorded: " + e.getMessage());
        }
    }

    @Override
    public Optional<Map<String, Instant>> lastStarts() {
        // Read-write like every run: DuckDB refuses a second in-process connection with another configuration.
        try (JobRuntime runtime = new JobRuntime(options, env, false)) {
            Map<String, Instant> starts = new HashMap<>();
            RunHistory.read(runtime.warehouse()).forEach((job, h) -> starts.put(job, h.lastRun().started()));
            return Optional.of(starts);
        } catch (RuntimeException e) {
            log.warn("daemon: cannot read " + "job_runs: " + e.getMessage());
            return Optional.empty();
        }
    }
}
