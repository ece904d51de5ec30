package org.ooni.analysis.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.config.StatsdSettings;
import org.ooni.analysis.config.StoreSettings;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.runs.JobRun;
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
    private final RunRecorder recorder;
    private Warehouse warehouse;
    private CompletableFuture<Warehouse> prefetch;
    private boolean closed;

    JobRuntime(GlobalOptions options, Environment env, boolean readOnlyStore) {
        this(options, env, AnalysisConfig.load(options.config), null, readOnlyStore);
    }

    /**
     * With a configuration the command has loaded already, and a store URL to use when neither the flag nor the
     * environment names one, ahead of the file's (the {@code clickhouse_url} of a {@code --legacy-config} file).
     */
    JobRuntime(GlobalOptions options, Environment env, AnalysisConfig config, String dbFallback, boolean readOnlyStore) {
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
        return Warehouses.open(storeUrl, readOnly);
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
     */
    JobResult run(Job job, boolean force) {
        long start = System.nanoTime();
        if (job.usesStore() && !options.dryRun) {
            prefetchStore();
        }
        log.info(job.name() + ": start" + (job.usesStore() ? " (store " + storeUrl + ")" : "")
                + (options.dryRun ? ", dry run" : ""));
        Instant started = env.clock().instant();
        JobResult result;
        try {
            result = job.run(context(force));
        } catch (RuntimeException e) {
            if (!options.dryRun) {
                recorder.record(JobRun.failed(job.name(), started, env.clock().instant(), since(start), e),
                        historyStore(job));
            }
            throw e;
        }
        Duration took = since(start);
        if (!options.dryRun) {
            Optional<RunOutcome> outcome = RunOutcome.of(result.outcome());
            outcome.ifPresent(o -> recorder.record(
                    JobRun.finished(job.name(), started, env.clock().instant(), took, o, result), historyStore(job)));
        }
        long ms = took.toMillis();
        log.info(job.name() + ": " + result.outcome().word() + ", " + result.rows() + " rows, " + ms + " ms");
        for (String line : result.summary()) {
            env.out().println(line);
        }
        env.out().flush();
        return result;
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
            if (warehouse != null) {
                warehouse.close();
            }
        }
    }
}
