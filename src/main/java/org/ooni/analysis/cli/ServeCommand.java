package org.ooni.analysis.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ooni.analysis.api.ApiContext;
import org.ooni.analysis.api.ApiServer;
import org.ooni.analysis.api.ApiSettings;
import org.ooni.analysis.detector.DetectorSettings;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.geoip.GeoIpSettings;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code serve}: the read API over HTTP until the process is stopped (see docs/api.md). */
@Command(name = "serve", description = "Serve the jobs' results over HTTP (read API, feeds, /health, /metrics) until "
        + "stopped; see docs/api.md.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default: [api] host, 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "Port to bind, 0 for any free one (default: [api] port,"
            + " 8080).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageError("--port must be in 0..65535, not " + port);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            ApiSettings settings = runtime.config().section("api", ApiSettings.class).withAddress(host, port);
            DetectorSettings detector = runtime.config().section("detector", DetectorSettings.class);
            GeoIpSettings geoip = runtime.config().section("geoip", GeoIpSettings.class);
            List<String> jobs = new ArrayList<>(JobCatalog.updaters().keySet());
            jobs.add("detect");
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            Warehouse warehouse = runtime.warehouse();
            ApiContext ctx = new ApiContext(settings, warehouse, runtime.storeUrl().kind(), Path.of(geoip.dir()),
                    detector.feedsDir() == null ? null : Path.of(detector.feedsDir()), detector.groupWindowHours(),
                    jobs, runtime.config().section("schedule", ScheduleSettings.class), root.env.clock(), registry,
                    runtime.log());
            CountDownLatch stopped = new CountDownLatch(1);
            ApiServer server;
            try {
                server = ApiServer.start(ctx);
            } catch (IOException e) {
                throw new UsageError("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
            }
            try (SignalShutdown shutdown = new SignalShutdown("serve", () -> {
                server.close();
                stopped.countDown();
            }, Duration.ofSeconds(30), runtime.log())) {
                runtime.log().info("serve: listening on http://" + settings.host() + ":" + server.port()
                        + " (store " + runtime.storeUrl() + ", " + settings.threads() + " threads)");
                stopped.await();
            }
            return ExitCodes.OK;
        } finally {
            registry.close();
        }
    }
}
