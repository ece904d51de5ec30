package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Benchmark of the citizenlab job (not a test; see docs/benchmarks.md).
 * <pre>
 *   generate DIR ROWS        write a synthetic tree of ROWS rows over 100 country files
 *   parse DIR [ROUNDS]       parse + validate every list file on one thread; prints rows/s per round
 *   update DIR DB_URL        the full job (dry-run off, forced) into the store; prints rows/s and peak heap
 * </pre>
 */
public final class CitizenLabBenchmark {
    private CitizenLabBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]));
            case "parse" -> parse(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5);
            case "update" -> update(Path.of(args[1]), args[2]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void generate(Path dir, int rows) {
        List<String> countries = IntStream.range(0, 100)
                .mapToObj(i -> "" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26)).toList();
        long start = System.nanoTime();
        SyntheticTestLists.write(dir, rows, countries, 1_000, 11L);
        System.out.printf("generated %d rows in %s in %d ms%n", rows, dir, (System.nanoTime() - start) / 1_000_000);
    }

    private static void parse(Path root, int rounds) throws IOException {
        Path lists = root.resolve("lists");
        TestListTree tree = new FolderTree(root);
        List<ListFile> files = ListFiles.select(tree, Log.silent());
        Optional<Set<String>> legend = CategoryLegend.read(tree);
        long bytes = 0;
        for (ListFile f : files) {
            bytes += Files.size(lists.resolve(f.name()));
        }
        for (int round = 1; round <= rounds; round++) {
            TestListParser parser = new TestListParser(legend, false, r -> { });
            long rows = 0;
            long start = System.nanoTime();
            for (ListFile f : files) {
                try (InputStream in = tree.open(f.name())) {
                    Iterator<TestListEntry> it = parser.parse(in, f.name(), f.cc());
                    while (it.hasNext()) {
                        it.next();
                        rows++;
                    }
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d rows (+%d rejected), %.1f MB in %.3f s: %.0f rows/s, %.1f MB/s%n", round,
                    rows, parser.rejectedTotal(), bytes / 1e6, secs, rows / secs, bytes / 1e6 / secs);
        }
        System.out.printf("peak heap: %.1f MB%n", peakHeapMb());
    }

    private static void update(Path root, String db) {
        CitizenLabSettings settings = new CitizenLabSettings(root.toString(), false, 1L, 10_000_000L, 120, null, 0);
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(db), false)) {
            JobContext ctx = new JobContext(() -> wh, Metrics.inMemory(), Log.silent(), Clock.systemUTC(),
                    AnalysisConfig.defaults(), false, true);
            long start = System.nanoTime();
            JobResult result = new CitizenLabUpdater(settings)
                    .run(ctx);
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("update into %s: %d rows in %.2f s: %.0f rows/s; peak heap %.1f MB%n", wh.describe(),
                    result.rows(), secs, result.rows() / secs, peakHeapMb());
        } catch (UncheckedIOException e) {
            throw e;
        }
    }

    /** Sum over heap pools of their peak usage since start: the most the heap held at once, garbage included. */
    static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1e6;
    }
}
