package org.ooni.analysis.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ooni.analysis.cli.Environment;
import org.ooni.analysis.cli.Main;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;

/**
 * Prints two figures of the daemon: (1) the scheduler's own cost, driving the default schedules of all six jobs
 * through a simulated year on a virtual clock with runs that do nothing; (2) the cost of one run through the CLI
 * path the daemon uses (fresh runtime, DuckDB opened and closed, state read, {@code job_runs} row written), from
 * repeated {@code update citizenlab} runs on the shipped example lists, first forced loads then unchanged runs.
 * Run after {@code mvn -B -q -DskipTests package} with
 * {@code JAVA_OPTS='-Xmx256m' bin/bench daemon.DaemonBenchmark [DAYS] [RUNS] [DIR]}.
 */
public final class DaemonBenchmark {
    private DaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 365;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir") + "/daemon-bench");
        Files.createDirectories(dir);
        schedulerOverhead(days, dir);
        cliRuns(runs, dir);
        System.out.printf("peak RSS (VmHWM): %s; heap used now: %d MB%n", vmHwm(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }

    private static void schedulerOverhead(int days, Path dir) throws Exception {
        ScheduleSettings defaults = ScheduleSettings.defaults();
        List<ScheduledJob> jobs = new ArrayList<>();
        for (String job : defaults.asMap().keySet()) {
            jobs.add(new ScheduledJob(job, defaults.forJob(job).orElseThrow(),
                    DaemonSettings.defaults().heavyJobs().contains(job), 0));
        }
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(days));
        MutableClock clock = new MutableClock(start);
        JobRunner noop = new JobRunner() {
            @Override
            public void run(String job, AbortSignal abort) {
            }

            @Override
            public void recordSkipped(String job, Instant at, String reason) {
            }

            @Override
            public Optional<Map<String, Instant>> lastStarts() {
                return Optional.of(Map.of()); // never run: all six run at start, then on schedule
            }
        };
        Log quiet = new Log(new PrintStream(PrintStream.nullOutputStream()), false, false, clock);
        try (FileJobLock lock = new FileJobLock(dir.resolve("locks"), "bench", clock)) {
            Scheduler scheduler = new Scheduler(jobs, DaemonSettings.defaults(), noop, lock, clock, quiet, max -> 0);
            long[] ticks = {0};
            Waiter virtual = new Waiter() {
                @Override
                public void awaitUntil(Instant time) throws InterruptedException {
                    scheduler.awaitIdle(Duration.ofSeconds(10));
                    ticks[0]++;
                    if (time.isAfter(end)) {
                        scheduler.stop();
                    } else {
                        clock.set(time);
                    }
                }

                @Override
                public void wake() {
                }
            };
            long t0 = System.nanoTime();
            scheduler.start(start);
            scheduler.runLoop(virtual);
            scheduler.finish(Duration.ZERO, Duration.ofSeconds(10), "end of benchmark");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long total = jobs.stream().mapToLong(j -> scheduler.runsStarted(j.name())).sum();
            System.out.printf("scheduler: %d simulated days, %d runs, %d wake-ups in %.2f s: %.0f runs/s, %.1f us per"
                    + " run (thread start included)%n", days, total, ticks[0], seconds, total / seconds,
                    seconds * 1e6 / total);
        }
    }

    private static void cliRuns(int runs, Path dir) throws IOException {
        Path config = dir.resolve("bench.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                """.formatted(Path.of("examples/test-lists").toAbsolutePath()));
        Path db = dir.resolve("bench.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
        PrintStream nul = new PrintStream(PrintStream.nullOutputStream());
        Environment env = new Environment(Map.of(), nul, nul, Clock.systemUTC());
        for (String mode : List.of("--force", "unchanged")) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--db", "duckdb:" + db,
                        "update", "citizenlab"));
                if (mode.equals("--force")) {
                    args.add("--force");
                }
                long t0 = System.nanoTime();
                int exit = Main.run(args.toArray(String[]::new), env);
                ms.add((System.nanoTime() - t0) / 1e6);
                if (exit != 0) {
                    throw new IllegalStateException("update citizenlab exited " + exit);
                }
            }
            List<Double> warm = new ArrayList<>(ms.subList(Math.min(3, ms.size() - 1), ms.size()));
            Collections.sort(warm);
            System.out.printf("run through the CLI path (%s, 390 rows, DuckDB): first %.0f ms; after %d warm-up runs: "
                    + "median %.1f ms, p90 %.1f ms over %d runs%n", mode.equals("--force") ? "forced load" : "unchanged",
                    ms.get(0), ms.size() - warm.size(), warm.get(warm.size() / 2),
                    warm.get((int) Math.min(warm.size() - 1, Math.round(warm.size() * 0.9))), warm.size());
        }
    }

    private static String vmHwm() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
    }
}
