package org.ooni.analysis.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ooni.analysis.api.ApiContext;
import org.ooni.analysis.api.ApiServer;
import org.ooni.analysis.api.ApiSettings;
import org.ooni.analysis.detector.DetectorSettings;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.geoip.GeoIpSettings;
import org.ooni.analysis.runs.ScheduleSettings;

/** The read API running inside a command ({@code serve}, {@code daemon --serve}), over that command's store. */
final class ApiHost implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final ApiServer server;
    private final ApiSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiHost(PrometheusMeterRegistry registry, ApiServer server, ApiSettings settings) {
        this.registry = registry;
        this.server = server;
        this.settings = settings;
    }

    /** Binds the server ({@code host}/{@code port} override {@code [api]} when not null) and starts serving. */
    static ApiHost start(JobRuntime runtime, Environment env, String host, Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageError("--port must be in 0..65535, not " + port);
        }
        ApiSettings settings = runtime.config().section("api", ApiSettings.class).withAddress(host, port);
        DetectorSettings detector = runtime.config().section("detector", DetectorSettings.class);
        GeoIpSettings geoip = runtime.config().section("geoip", GeoIpSettings.class);
        ScheduleSettings schedule = runtime.config().section("schedule", ScheduleSettings.class);
        List<String> jobs = new ArrayList<>(JobCatalog.updaters().keySet());
        jobs.add("detect");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            ApiContext ctx = new ApiContext(settings, runtime.warehouse(), runtime.storeUrl().kind(),
                    Path.of(geoip.dir()), detector.feedsDir() == null ? null : Path.of(detector.feedsDir()),
                    detector.groupWindowHours(), jobs, schedule, env.clock(), registry, runtime.log(),
                    detector.cusumParams());
            ApiServer server = ApiServer.start(ctx);
            return new ApiHost(registry, server, settings);
        } catch (IOException e) {
            registry.close();
            throw new UsageError("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** The bound address, for the start log line. */
    String address() {
        return "http://" + settings.host() + ":" + server.port();
    }

    int threads() {
        return settings.threads();
    }

    /** Stops the server; safe to call twice (from the signal hook and at the end of the command). */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            server.close();
        } finally {
            registry.close();
        }
    }
}
