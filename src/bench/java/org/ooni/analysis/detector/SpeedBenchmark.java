package org.ooni.analysis.detector;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Speed of the detector: cells per second through the CUSUM step on one thread, then end to end (query, cells,
 * step, write) in rows per second for a month of generated data of {@code SERIES} series, on DuckDB and, when a
 * ClickHouse URL is given, on ClickHouse.
 *
 * <pre>JAVA_OPTS='-Xmx2g' bin/bench detector.SpeedBenchmark [SERIES] [CLICKHOUSE_URL]</pre>
 * (SERIES 0 measures the step only).
 */
public final class SpeedBenchmark {
    private SpeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        stepSpeed();
        if (series == 0) {
            return;
        }
        Path dir = Files.createTempDirectory("detector-bench");
        endToEnd("duckdb:" + dir.resolve("bench.duckdb"), series);
        if (args.length > 1) {
            endToEnd(args[1], series);
        }
        System.out.printf("peak heap: %d MiB, VmHWM: %s%n",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1 << 20), vmHwm());
    }

    /** 1,000 series x 4 signals of states; values with blocks so every branch runs. */
    static void stepSpeed() {
        CusumState[] states = new CusumState[4000];
        for (int i = 0; i < states.length; i++) {
            states[i] = new CusumState();
        }
        SplittableRandom r = new SplittableRandom(1);
        double[] ys = new double[1 << 16];
        for (int i = 0; i < ys.length; i++) {
            boolean block = i % 300 >= 200 && i % 300 < 248; // 48 blocked hours in every 300
            ys[i] = block ? (r.nextDouble() < 0.9 ? 1 : 0) : (r.nextDouble() < 0.03 ? 1 : 0);
        }
        Cusum cusum = new Cusum(CusumParams.DEFAULTS);
        long changes = 0;
        for (int round = 0; round < 3; round++) {
            long cells = 50_000_000L;
            long start = System.nanoTime();
            long ts = 0;
            for (long i = 0; i < cells; i++) {
                int s = (int) (i % states.length);
                if (s == 0) {
                    ts += 3600;
                }
                // each state sees its own time series: consecutive hours of ys, offset per state
                if (cusum.step(states[s], ts, ys[(int) ((ts / 3600 + s * 37L) & (ys.length - 1))], 5) != null) {
                    changes++;
                }
            }
            double sec = (System.nanoTime() - start) / 1e9;
            System.out.printf("step: %,d cells in %.2f s = %,.0f cells/s (%d changes)%n", cells, sec, cells / sec,
                    changes);
        }
    }

    static void endToEnd(String db, int series) {
        int countries = Math.max(1, series / 50);
        List<String> ccs = new java.util.ArrayList<>();
        for (int i = 0; i < countries; i++) {
            ccs.add("" + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26));
        }
        List<String> domains = List.of("a.example", "b.example", "c.example", "d.example", "e.example");
        GeneratorSpec spec = new GeneratorSpec(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-31T00:00:00Z"), ccs, 10, domains, 5, 0.02, 0.03, series / 20, 0.3, 42);
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(db), false)) {
            JobContext ctx = new JobContext(() -> wh, Metrics.inMemory(), Log.silent(), Clock.systemUTC(),
                    AnalysisConfig.defaults(), false, false);
            long g0 = System.nanoTime();
            new GenerateMeasurementsJob(spec, null, true, false).run(ctx);
            long rows = wh.countRows(DetectorTables.MEASUREMENTS.name());
            System.out.printf("%s: generated %,d rows for %d series in %.1f s%n", wh.describe(), rows, spec.series(),
                    (System.nanoTime() - g0) / 1e9);
            wh.dropTableIfExists(DetectorTables.CHANGEPOINTS.name());
            wh.dropTableIfExists(DetectorTables.CUSUMS.name());
            long d0 = System.nanoTime();
            new DetectJob(DetectorSettings.defaults(), DetectJob.Algorithm.CUSUM, spec.from(), spec.to(), null).run(ctx);
            double sec = (System.nanoTime() - d0) / 1e9;
            System.out.printf("%s: detect end to end: %,d rows in %.1f s = %,.0f rows/s%n", wh.describe(), rows, sec,
                    rows / sec);
        }
    }

    private static String vmHwm() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("?");
    }
}
