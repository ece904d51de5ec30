package org.ooni.analysis.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.util.HierarchicalNameMapper;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ooni.analysis.config.StatsdSettings;

/**
 * Micrometer metrics under one prefix per job, named exactly as the original system named them
 * ({@code prefix.name}), sent as etsy-flavour StatsD. Sending is fire-and-forget UDP: it never blocks or fails a job.
 */
public final class Metrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final String prefix;
    private final Map<String, AtomicLong> gauges;

    private Metrics(MeterRegistry registry, String prefix, Map<String, AtomicLong> gauges) {
        this.registry = registry;
        this.prefix = prefix;
        this.gauges = gauges;
    }

    /** Metrics sent to StatsD, or kept in memory only when StatsD is disabled. */
    public static Metrics create(StatsdSettings settings) {
        if (!settings.enabled()) {
            return inMemory();
        }
        StatsdConfig config = new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return StatsdFlavor.ETSY;
            }

            @Override
            public String host() {
                return settings.host();
            }

            @Override
            public int port() {
                return settings.port();
            }

            @Override
            public StatsdProtocol protocol() {
                return StatsdProtocol.UDP;
            }

            @Override
            public boolean buffered() {
                return true;
            }

            @Override
            public Duration pollingFrequency() {
                return Duration.ofSeconds(10);
            }
        };
        // Names carry no tags: the original system's flat StatsD names are kept exactly (Micrometer would otherwise
        // append ".statistic.value" to gauges).
        HierarchicalNameMapper flat = (id, convention) -> id.getConventionName(convention);
        StatsdMeterRegistry registry = new StatsdMeterRegistry(config, flat, Clock.SYSTEM);
        registry.config().namingConvention(NamingConvention.identity);
        return new Metrics(registry, "", new ConcurrentHashMap<>());
    }

    /** Metrics kept in memory only (tests, and runs with StatsD disabled). */
    public static Metrics inMemory() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().namingConvention(NamingConvention.identity);
        return new Metrics(registry, "", new ConcurrentHashMap<>());
    }

    /** The same registry with names under {@code prefix.}. */
    public Metrics scoped(String newPrefix) {
        return new Metrics(registry, newPrefix + ".", gauges);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs the step and records its duration in the timer {@code prefix.name}. */
    public <T> T time(String name, Supplier<T> step) {
        Timer timer = registry.timer(prefix + name);
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            timer.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public void gauge(String name, long value) {
        String full = prefix + name;
        gauges.computeIfAbsent(full, n -> registry.gauge(n, new AtomicLong())).set(value);
    }

    public void increment(String name) {
        registry.counter(prefix + name).increment();
    }

    /** Publishes what is pending (gauges included) and stops the sender. */
    @Override
    public void close() {
        registry.close();
    }
}
