package org.ooni.analysis.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.config.StatsdSettings;
import org.ooni.analysis.config.StoreSettings;
import org.ooni.analysis.error.Redact;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.DebugPauses;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.lease.FileLeases;
import org.ooni.analysis.lease.Lease;
import org.ooni.analysis.lease.LeaseOwner;
import org.ooni.analysis.lease.LeaseSettings;
import org.ooni.analysis.lease.RunLeases;
import org.ooni.analysis.lease.TableLeases;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.runs.JobRun;
import org.ooni.analysis.runs.PendingRuns;
import org.ooni.analysis.runs.RunOutcome;
import org.ooni.analysis.runs.RunRecorder;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Everything one CLI invocation shares between its jobs: configuration, log, metrics and the store connection,
 * opened on first use and closed at the end.
 */
final class JobRuntime implements AutoCloseable {
    private final GlobalOptions options;
    private final Environment env;
    private final AnalysisConfig config;
    private final Log log;
    private final Metrics metrics;
    private final StoreUrl storeUrl;
    private final boolean readOnly;
    private final boolean sealed;
    private final RunRecorder recorder;
    private Warehouse warehouse;
    private CompletableFuture<Warehouse> prefetch;
    private boolean closed;
    private RunLeases leases;
    private Warehouse leaseStore;
    private final List<Lease> fileLeasesHeld = new ArrayList<>();
    // who held the lease when acquire() last gave up, and how long it waited (null: it did not wait)
    private LeaseOwner busyHolder;
    private Long busyWaited;
    private static final long WAIT_POLL_MILLIS = 500;

    JobRuntime(GlobalOptions options, Environment env, boolean readOnlyStore) {
        this(options, env, AnalysisConfig.load(options.config), null, readOnlyStore, false);
    }

    /** For {@code query}: the store opened read-only and without file or network access (see Warehouses). */
    static JobRuntime forQuery(GlobalOptions options, Environment env) {
        return new JobRuntime(options, env, AnalysisConfig.load(options.config), null, true, true);
    }

    /**
     * With a configuration the command has loaded already, and a store URL to use when neither the flag nor the
     * environment names one, ahead of the file's (the {@code clickhouse_url} of a {@code --legacy-config} file).
     */
    JobRuntime(GlobalOptions options, Environment env, AnalysisConfig config, String dbFallback, boolean readOnlyStore) {
        this(options, env, config, dbFallback, readOnlyStore, false);
    }

    private JobRuntime(GlobalOptions options, Environment env, AnalysisConfig config, String dbFallback,
            boolean readOnlyStore, boolean sealed) {
        this.sealed = sealed;
        this.options = options;
        this.env = env;
        this.config = config;
        PrintStream logStream = options.stdout ? env.out() : env.err();
        this.log = new Log(logStream, options.stdout, options.verbose, env.clock());
        this.storeUrl = StoreUrl.parse(resolveDb(options, env, config, dbFallback));
        this.readOnly = readOnlyStore;
        this.metrics = Metrics.create(config.section("statsd", StatsdSettings.class));
        this.recorder = new RunRecorder(log, metrics);
    }

    /** Flag, then environment, then config file, then the built-in default. */
    static String resolveDb(GlobalOptions options, Environment env, AnalysisConfig config) {
        return resolveDb(options, env, config, null);
    }

    /** Flag, then environment, then {@code fallback} (when not null), then config file, then the built-in default. */
    static String resolveDb(GlobalOptions options, Environment env, AnalysisConfig config, String fallback) {
        if (options.db != null) {
            return options.db;
        }
        String fromEnv = env.variables().get("OONI_ANALYSIS_DB");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (fallback != null) {
            return fallback;
        }
        return config.section("store", StoreSettings.class).db();
    }

    static HttpSettings httpSettings(AnalysisConfig config) {
        return config.section("http", HttpSettings.class);
    }

    AnalysisConfig config() {
        return config;
    }

    Log log() {
        return log;
    }

    Environment env() {
        return env;
    }

    StoreUrl storeUrl() {
        return storeUrl;
    }

    Warehouse warehouse() {
        if (warehouse == null) {
            CompletableFuture<Warehouse> opening = prefetch != null ? prefetch : CompletableFuture.completedFuture(null);
            prefetch = null;
            Warehouse opened = opening.handle((w, e) -> w).join();
            warehouse = opened != null ? opened : open();
        }
        return warehouse;
    }

    private Warehouse open() {
        log.debug("opening store " + storeUrl);
        return sealed ? Warehouses.openForQuery(storeUrl) : Warehouses.open(storeUrl, readOnly);
    }

    /**
     * Starts opening the store on another thread. A failure there is not reported from that thread: the
     * {@link #warehouse()} call that needs the store opens it again and reports the failure itself.
     */
    private void prefetchStore() {
        if (warehouse == null && prefetch == null) {
            prefetch = CompletableFuture.supplyAsync(this::open, runnable -> {
                Thread t = new Thread(runnable, "open-store");
                t.setDaemon(true);
                t.start();
            });
        }
    }

    JobContext context(boolean force) {
        Supplier<Warehouse> store = this::warehouse;
        return new JobContext(store, metrics, log, env.clock(), config, options.dryRun, force);
    }

    /**
     * Runs one job with a start and an end log line, then prints its summary on stdout. Every run that is not a dry
     * run is recorded in {@code job_runs} and the run metrics, whatever its outcome; recording never changes it.
     * A job that takes a lease ({@link Job#leased}) first takes it for this store; when another live run holds it,
     * the run says so in one line naming that run, is recorded as {@code skipped} and returns without running, or
     * with {@code --wait} waits for the lease first.
     */
    JobResult run(Job job, boolean force) {
        long start = System.nanoTime();
        String runId = JobContext.newRunId();
        Instant started = env.clock().instant();
        boolean leased = job.leased() && !options.dryRun;
        boolean fileLeases = leased && storeUrl.kind() == StoreUrl.Kind.DUCKDB;
        log.info(job.name() + ": start" + (job.usesStore() ? " (store " + storeUrl + ", run " + runId + ")" : "")
                + (options.dryRun ? ", dry run" : ""));
        Lease lease = null;
        if (fileLeases) {
            // before the store opens: a DuckDB file held by the other run cannot be opened, not even to read
            lease = acquire(job, runId, started);
            if (lease == null) {
                return skipped(job, runId, started, start);
            }
        }
        if (job.usesStore() && !options.dryRun) {
            prefetchStore();
        }
        if (leased && !fileLeases) {
            try {
                lease = acquire(job, runId, started);
            } catch (RuntimeException e) {
                recorder.record(JobRun.failed(job.name(), started, env.clock().instant(), since(start), e)
                        .withRunId(runId), historyStore(job));
                throw e;
            }
            if (lease == null) {
                return skipped(job, runId, started, start);
            }
        }
        try {
            return runHolding(job, force, runId, started, start, lease);
        } finally {
            if (lease != null) {
                if (fileLeases) {
                    // given back after the store is closed, so the next holder can open the file at once
                    fileLeasesHeld.add(lease);
                } else {
                    lease.close();
                }
            }
        }
    }

    private JobResult runHolding(Job job, boolean force, String runId, Instant started, long start, Lease lease) {
        if (lease != null) {
            DebugPauses.pause(log, job.name(), "after taking the lease", debugPauses().pauseAfterLeaseSeconds());
        }
        JobResult result;
        try {
            Runnable confirm = lease == null ? () -> { } : lease::confirmHeld;
            result = job.run(new JobContext(this::warehouse, metrics, log, env.clock(), config, options.dryRun, force,
                    runId, confirm));
        } catch (RuntimeException e) {
            if (!options.dryRun) {
                recordHolding(JobRun.failed(job.name(), started, env.clock().instant(), since(start), e)
                        .withRunId(runId), job, lease);
            }
            throw e;
        }
        Duration took = since(start);
        if (!options.dryRun) {
            Optional<RunOutcome> outcome = RunOutcome.of(result.outcome());
            outcome.ifPresent(o -> recordHolding(JobRun.finished(job.name(), started, env.clock().instant(), took, o,
                    result).withRunId(runId), job, lease));
        }
        long ms = took.toMillis();
        log.info(job.name() + ": " + result.outcome().word() + ", " + result.rows() + " rows, " + ms + " ms");
        printSummary(result);
        return result;
    }

    private void printSummary(JobResult result) {
        for (String line : result.summary()) {
            env.out().println(Redact.line(line));
        }
        env.out().flush();
    }

    /** Records this run and, on DuckDB, the runs that were skipped while this one held the file. */
    private void recordHolding(JobRun run, Job job, Lease lease) {
        Supplier<Warehouse> store = historyStore(job);
        recorder.record(run, store);
        if (lease != null && store != null && storeUrl.kind() == StoreUrl.Kind.DUCKDB && !isMemory()) {
            try {
                for (JobRun pending : new PendingRuns(Path.of(storeUrl.path())).drain()) {
                    recorder.record(pending, store);
                }
            } catch (RuntimeException e) {
                log.warn(job.name() + ": pending skipped runs not recorded: " + e.getMessage());
            }
        }
    }

    /** The lease of {@code job}, waited for as {@code --wait} says; null when another live run keeps it. */
    private Lease acquire(Job job, String runId, Instant started) {
        LeaseOwner me = LeaseOwner.thisProcess(job.name(), runId, started);
        RunLeases leases = leases();
        Long waitFor = options.waitSeconds == null ? null
                : options.waitSeconds < 0 ? leaseSettings().waitDefaultSeconds() : options.waitSeconds;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitFor == null ? 0 : waitFor);
        boolean said = false;
        while (true) {
            RunLeases.Claim claim = leases.tryAcquire(me);
            if (claim instanceof RunLeases.Held held) {
                if (said) {
                    log.info(job.name() + ": the other run is done, going ahead");
                }
                return held.lease();
            }
            LeaseOwner holder = ((RunLeases.Busy) claim).holder();
            if (waitFor == null || System.nanoTime() - deadline >= 0) {
                busyHolder = holder;
                busyWaited = waitFor;
                return null;
            }
            if (!said) {
                log.info(job.name() + ": another run is in progress (" + holder.describe() + "), waiting up to "
                        + waitFor + " s for it");
                said = true;
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreError(job.name() + ": interrupted while waiting for " + holder.describe(), e);
            }
        }
    }

    /** Says in one line which run holds the lease, records this run as skipped, and returns its result. */
    private JobResult skipped(Job job, String runId, Instant started, long start) {
        String reason = "another run is in progress (" + busyHolder.describe() + ")"
                + (busyWaited == null ? "" : ", still running after waiting " + busyWaited + " s");
        String line = job.name() + ": skipped: " + reason + (busyWaited == null ? "; --wait waits for it" : "");
        log.info(line);
        JobRun run = JobRun.skipped(job.name(), runId, started, env.clock().instant(), since(start), reason);
        if (storeUrl.kind() == StoreUrl.Kind.DUCKDB) {
            // the other run holds the file; it (or the next run) moves this row into job_runs
            recorder.record(run, null);
            if (!isMemory()) {
                try {
                    new PendingRuns(Path.of(storeUrl.path())).append(run);
                } catch (RuntimeException e) {
                    log.warn(job.name() + ": skipped run not recorded: " + e.getMessage());
                }
            }
        } else {
            recorder.record(run, this::warehouse);
        }
        JobResult result = new JobResult(job.name(), Outcome.SKIPPED, 0, "", List.of(line));
        printSummary(result);
        return result;
    }

    private boolean isMemory() {
        return storeUrl.path().equals(":memory:");
    }

    private RunLeases leases() {
        if (leases == null) {
            if (storeUrl.kind() == StoreUrl.Kind.DUCKDB) {
                leases = isMemory() ? me -> new RunLeases.Held(new InProcessLease(me)) : new FileLeases(Path.of(storeUrl.path()));
            } else {
                // a read-only run (backup) still writes its lease rows: through a connection of its own
                leaseStore = readOnly ? Warehouses.open(storeUrl, false) : null;
                leases = new TableLeases(readOnly ? leaseStore : warehouse(), LeaseOwner.localHost(),
                        Duration.ofSeconds(leaseSettings().expirySeconds()), env.clock(), log, true);
            }
        }
        return leases;
    }

    private LeaseSettings leaseSettings() {
        return config.section("lease", LeaseSettings.class);
    }

    private DebugPauses debugPauses() {
        return config.section("debug", DebugPauses.class);
    }

    /** An in-memory database belongs to this process alone: nothing to exclude. */
    private record InProcessLease(LeaseOwner owner) implements Lease {
        @Override
        public void confirmHeld() {
        }

        @Override
        public void close() {
        }
    }

    /** Records a run that did not go through {@link #run} (the daemon's skipped runs) like any other. */
    void record(JobRun run) {
        recorder.record(run, this::warehouse);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Where a run is recorded: the store, opened if need be. A job that does not use the store (geoip) records its
     * run only into a store that already exists, so that it never creates a DuckDB file just for its history.
     */
    private Supplier<Warehouse> historyStore(Job job) {
        if (job.usesStore() || warehouse != null || storeUrl.kind() != StoreUrl.Kind.DUCKDB
                || Files.exists(Path.of(storeUrl.path()))) {
            return this::warehouse;
        }
        return null;
    }

    /** Closes metrics and store; a second call does nothing (long-running commands close before their signal hook). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            metrics.close();
        } finally {
            if (prefetch != null) {
                // Opened for a job that did not need it after all (e.g. a dry run): close it too.
                Warehouse unused = prefetch.handle((w, e) -> w).join();
                if (unused != null) {
                    unused.close();
                }
            }
            try {
                if (warehouse != null) {
                    warehouse.close();
                }
            } finally {
                fileLeasesHeld.forEach(Lease::close);
                fileLeasesHeld.clear();
                if (leaseStore != null) {
                    leaseStore.close();
                }
            }
        }
    }
}
