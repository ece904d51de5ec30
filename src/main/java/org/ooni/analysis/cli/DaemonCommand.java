package org.ooni.analysis.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.daemon.DaemonSettings;
import org.ooni.analysis.daemon.FileJobLock;
import org.ooni.analysis.daemon.ScheduledJob;
import org.ooni.analysis.daemon.Scheduler;
import org.ooni.analysis.daemon.Waiter;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.CronSchedule;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code daemon}: runs the scheduled jobs in one long-lived process until SIGTERM (see docs/daemon.md). */
@Command(name = "daemon", description = "Run the jobs on their [schedule] in one long-lived process until stopped "
        + "(SIGTERM: finish or abort the running job, exit 0); see docs/daemon.md.")
final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--serve", description = "Also serve the read API from this process ([api] section; see "
            + "docs/api.md). On DuckDB this is how to run both: one process owns the file.")
    boolean serve;

    @Option(names = "--host", paramLabel = "H", description = "With --serve: address to bind (default: [api] host).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "With --serve: port to bind (default: [api] port).")
    Integer port;

    @Override
    public Integer call() {
        if (root.global.dryRun) {
            throw new UsageError("daemon takes no --dry-run (run 'update <job> --dry-run' instead)");
        }
        if (!serve && (host != null || port != null)) {
            throw new UsageError("--host and --port need --serve");
        }
        // This runtime gives the daemon its configuration and log. It opens the store only for the API (--serve);
        // each run opens its own connection, which on DuckDB shares this process's database instance.
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            Log log = runtime.log();
            AnalysisConfig config = runtime.config();
            DaemonSettings settings = config.section("daemon", DaemonSettings.class);
            ScheduleSettings schedules = config.section("schedule", ScheduleSettings.class);
            Map<String, Function<AnalysisConfig, Job>> factories = JobCatalog.scheduled(root.env.variables());
            List<ScheduledJob> jobs = plan(schedules, settings, factories, config, runtime.storeUrl(), log);
            if (jobs.isEmpty()) {
                throw new UsageError("no job to schedule: every [schedule] entry is empty or its job is not configured");
            }
            try (FileJobLock lock = FileJobLock.forStore(settings.lockDir(), runtime.storeUrl(), root.env.clock());
                 ApiHost api = serve ? ApiHost.start(runtime, root.env, host, port) : null) {
                Scheduler scheduler = new Scheduler(jobs, settings,
                        new DaemonJobRunner(root.global, root.env, factories, log), lock, root.env.clock(), log,
                        Scheduler.uniformDelay());
                Duration grace = Duration.ofSeconds(settings.graceSeconds());
                Duration abortWait = Duration.ofSeconds(settings.abortWaitSeconds());
                try (SignalShutdown shutdown = new SignalShutdown("daemon", scheduler::stop,
                        grace.plus(abortWait).plusSeconds(15), log)) {
                    log.info("daemon: started with " + jobs.size() + " jobs (store " + runtime.storeUrl()
                            + ", locks like " + lock.fileOf(jobs.get(0).name()) + ")"
                            + (api == null ? "" : ", read API on " + api.address()));
                    scheduler.start(root.env.clock().instant());
                    scheduler.runLoop(Waiter.onClock(root.env.clock()));
                    scheduler.finish(grace, abortWait, "SIGTERM");
                    // closed here, not by the try: once the shutdown hook is released it halts the JVM at once
                    if (api != null) {
                        api.close();
                    }
                    runtime.close();
                }
            }
            return ExitCodes.OK;
        }
    }

    /** The jobs to run: scheduled in [schedule] and configured; each one left out is said once, here. */
    private static List<ScheduledJob> plan(ScheduleSettings schedules, DaemonSettings settings,
                                           Map<String, Function<AnalysisConfig, Job>> factories, AnalysisConfig config,
                                           StoreUrl store, Log log) {
        for (String heavy : settings.heavyJobs()) {
            if (!schedules.asMap().containsKey(heavy)) {
                throw new UsageError("[daemon] heavy_jobs: no job named '" + heavy + "' (have "
                        + schedules.asMap().keySet() + ")");
            }
        }
        List<ScheduledJob> jobs = new ArrayList<>();
        for (String name : schedules.asMap().keySet()) {
            Optional<CronSchedule> cron = schedules.forJob(name);
            if (cron.isEmpty()) {
                log.info("daemon: " + name + ": not scheduled ([schedule] " + name + " is empty)");
                continue;
            }
            Job job;
            try {
                job = factories.get(name).apply(config);
            } catch (UsageError e) {
                // not configured; a malformed section throws another kind, which stops the daemon as it should
                log.warn("daemon: " + name + ": not scheduled: " + e.getMessage());
                continue;
            }
            // DuckDB is one file written by one process: its jobs take turns, like heavy ones on ClickHouse.
            boolean heavy = settings.heavyJobs().contains(name)
                    || (store.kind() == StoreUrl.Kind.DUCKDB && job.usesStore());
            jobs.add(new ScheduledJob(name, cron.get(), heavy, settings.randomDelayFor(name)));
        }
        return jobs;
    }
}
