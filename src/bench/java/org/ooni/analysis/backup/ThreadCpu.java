package org.ooni.analysis.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a benchmark phase's CPU time went, from {@code /proc}: this JVM's threads grouped by name (a trailing number
 * dropped, so a pool is one entry; the JIT compilers and the collector are threads too), the JVM's threads that
 * ended during the phase (zstd's workers and the uploader pool live for one chunk or one job) as one entry, and the
 * other processes by name with a {@code *} (the database server, curl, zstd).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final String ENDED = "(ended threads)";

    /** A thread's or process's name and its user + system ticks so far. */
    private record Sample(String name, long ticks) {
    }

    private final Map<String, Sample> start;
    private final long startJvmTicks;

    private ThreadCpu(Map<String, Sample> start, long startJvmTicks) {
        this.start = start;
        this.startJvmTicks = startJvmTicks;
    }

    static ThreadCpu start() {
        return new ThreadCpu(read(), jvmTicks());
    }

    /** E.g. "clickhouse-serv* 2.7, java 1.6, C2 CompilerThre 0.6": groups of 0.05 CPU-s or more, largest first. */
    String since() {
        long jvm = jvmTicks() - startJvmTicks;
        Map<String, Sample> now = read();
        Map<String, Long> spent = new HashMap<>();
        long liveThreads = 0;
        for (Map.Entry<String, Sample> e : now.entrySet()) {
            // keyed by id, not name: a kernel worker renames itself after the queue it serves
            Sample before = start.get(e.getKey());
            long d = e.getValue().ticks() - (before == null ? 0 : before.ticks());
            if (!e.getKey().startsWith("p")) {
                liveThreads += d;
            }
            if (d > 0) {
                spent.merge(e.getValue().name().replaceAll("#?[0-9]+$", "#"), d, Long::sum);
            }
        }
        spent.put(ENDED, jvm - liveThreads);
        StringBuilder b = new StringBuilder();
        spent.entrySet().stream().filter(e -> e.getValue() >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey())
                        .append(String.format(" %.1f", e.getValue() / TICKS_PER_SECOND)));
        return b.toString();
    }

    /** This JVM's ticks, its ended threads included. */
    private static long jvmTicks() {
        Sample self = sample(Path.of("/proc/self/stat"), "");
        return self == null ? 0 : self.ticks();
    }

    /** Thread id → this JVM's live threads; "p" + process id → the other processes (name marked with a *). */
    private static Map<String, Sample> read() {
        Map<String, Sample> samples = new HashMap<>();
        String self = Long.toString(ProcessHandle.current().pid());
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"));
             Stream<Path> procs = Files.list(Path.of("/proc"))) {
            tasks.forEach(t -> put(samples, t.getFileName().toString(), sample(t.resolve("stat"), "")));
            procs.filter(p -> p.getFileName().toString().matches("[0-9]+") && !p.getFileName().toString().equals(self))
                    .forEach(p -> put(samples, "p" + p.getFileName(), sample(p.resolve("stat"), "*")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static void put(Map<String, Sample> samples, String id, Sample sample) {
        if (sample != null) {
            samples.put(id, sample);
        }
    }

    /** Null for a thread or process that ended while being read: it has nothing more to count. */
    private static Sample sample(Path stat, String mark) {
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            // after the name come state, ppid, ...: utime is the 12th field from there, stime the 13th
            return new Sample(s.substring(s.indexOf('(') + 1, close) + mark,
                    Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException e) {
            return null;
        }
    }
}
