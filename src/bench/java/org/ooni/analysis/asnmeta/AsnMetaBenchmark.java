package org.ooni.analysis.asnmeta;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ooni.analysis.cli.Environment;
import org.ooni.analysis.cli.Main;

/**
 * Benchmark of {@code update asnmeta}: generates a synthetic map of {@code --rows} rows (unless {@code --file}
 * names one that exists), runs the real command line into the store ({@code --db}, default a fresh DuckDB file),
 * and prints rows/s, the whole-process time and the peak RSS (VmHWM). {@code --runs N} runs the same update N
 * times in this JVM, as a daemon would on later days: the first run pays for compiling the hot code, the later
 * ones do not. See docs/asnmeta.md.
 *
 * <p>{@code JAVA_OPTS='-Xmx48m -XX:+UseSerialGC' bin/bench asnmeta.AsnMetaBenchmark
 * [--rows 1000000] [--file PATH] [--db URL] [--runs 1] [--generate-only]}
 */
public final class AsnMetaBenchmark {
    private AsnMetaBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long rows = 1_000_000;
        Path file = null;
        String db = null;
        boolean generateOnly = false;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--db" -> db = args[++i];
                case "--generate-only" -> generateOnly = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("asnmeta-bench");
        if (file == null) {
            file = work.resolve("all_as_org_map.json");
        }
        if (!Files.exists(file)) {
            long start = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(file)) {
                AsOrgMapGenerator.write(out, rows, 42);
            }
            System.out.printf("generated %d rows, %.1f MB, into %s in %d ms%n", rows, Files.size(file) / 1e6, file,
                    (System.nanoTime() - start) / 1_000_000);
        }
        if (generateOnly) {
            return;
        }
        Path config = work.resolve("bench.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [http]
                max_body_bytes = %d
                [asnmeta]
                max_rows = %d
                """.formatted(Math.max(64L << 20, Files.size(file) + 1), Math.max(1_000_000, rows + 1)));
        if (db == null) {
            db = "duckdb:" + work.resolve("bench.duckdb");
        }
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            int exit = Main.run(List.of("--db", db, "--config", config.toString(), "update", "asnmeta", "--force",
                    "--source", file.toString()).toArray(String[]::new), Environment.system());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (exit != 0) {
                System.out.println("update failed with exit code " + exit);
                System.exit(exit);
            }
            System.out.printf("update asnmeta%s: %d rows from %.1f MB in %d ms = %.0f rows/s, %.1f MB/s%n",
                    runs > 1 ? " (run " + run + " of " + runs + ")" : "", rows, Files.size(file) / 1e6, millis,
                    rows * 1000.0 / millis, Files.size(file) / 1e3 / millis);
        }
        System.out.printf("whole process (JVM start to end): %d ms%n",
                ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.printf("peak RSS (VmHWM): %s; max heap (-Xmx): %d MB%n", vmHwm(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    static String vmHwm() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a (no /proc)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).trim()).findFirst().orElse("n/a");
    }
}
