package org.ooni.analysis.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ooni.analysis.config.StatsdSettings;

/**
 * Metrics under one prefix per job, named exactly as the original system named them ({@code prefix.name}).
 * Every value is kept in a Micrometer registry (for in-process readers such as a scrape endpoint) and, when StatsD
 * is enabled, sent at once as an etsy-flavour StatsD line. Sending never blocks or fails a job.
 */
public final class Metrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final StatsdSender statsd;
    private final String prefix;
    private final Map<String, AtomicLong> gauges;

    private Metrics(MeterRegistry registry, StatsdSender statsd, String prefix, Map<String, AtomicLong> gauges) {
        this.registry = registry;
        this.statsd = statsd;
        this.prefix = prefix;
        this.gauges = gauges;
    }

    /** Metrics sent to StatsD when enabled, and always kept in memory. */
    public static Metrics create(StatsdSettings settings) {
        StatsdSender sender = settings.enabled() ? new StatsdSender(settings.host(), settings.port()) : null;
        return new Metrics(newRegistry(), sender, "", new ConcurrentHashMap<>());
    }

    /** Metrics kept in memory only (tests, library use). */
    public static Metrics inMemory() {
        return new Metrics(newRegistry(), null, "", new ConcurrentHashMap<>());
    }

    private static MeterRegistry newRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().namingConvention(NamingConvention.identity);
        return registry;
    }

    /** The same metrics with names under {@code prefix.}. */
    public Metrics scoped(String newPrefix) {
        return new Metrics(registry, statsd, newPrefix + ".", gauges);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs the step and records its duration in the timer {@code prefix.name}. */
    public <T> T time(String name, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            record(name, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public void record(String name, Duration duration) {
        Timer timer = registry.timer(prefix + name);
        timer.record(duration);
        if (statsd != null) {
            statsd.timing(prefix + name, duration.toNanos() / 1e6);
        }
    }

    public void gauge(String name, long value) {
        String full = prefix + name;
        gauges.computeIfAbsent(full, n -> registry.gauge(n, new AtomicLong())).set(value);
        if (statsd != null) {
            statsd.gauge(full, value);
        }
    }

    public void increment(String name) {
        count(name, 1);
    }

    /** Adds {@code delta} to the counter {@code prefix.name}; one StatsD line {@code name:delta|c}. */
    public void count(String name, long delta) {
        registry.counter(prefix + name).increment(delta);
        if (statsd != null) {
            statsd.count(prefix + name, delta);
        }
    }

    @Override
    public void close() {
        if (statsd != null) {
            statsd.close();
        }
        registry.close();
    }
}
