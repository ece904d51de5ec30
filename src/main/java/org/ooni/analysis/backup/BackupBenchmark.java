package org.ooni.analysis.backup;

import com.fasterxml.jackson.databind.node.TextNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Benchmark of backup and restore (not a test; see docs/benchmarks-backup.md). Generates a fastpath-shaped table
 * of ROWS rows over four months in DuckDB (and in ClickHouse when a URL is given), then per store: the pipeline
 * limit (each month's CSV query through zstd into a null stream), the backup job into an in-process S3Proxy on a
 * filesystem blob store (so stored objects do not sit in the heap), and the restore job into a new table. Prints
 * rows/s, MB/s of uncompressed CSV, compression ratio and peak heap per phase.
 *
 * <pre>
 *   java -Xmx512m -cp target/ooni-analysis.jar:$(cat target/s3proxy.cp) \
 *       org.ooni.analysis.backup.BackupBenchmark ROWS WORK_DIR [clickhouse://USER@HOST:PORT/DB]
 * </pre>
 * {@code -Dbench.repeat=N} runs the limit and the backup N times, alternating; {@code -Dbench.skipDuckDb=true}
 * measures ClickHouse only; {@code -Dbench.discarding=true} adds, after each backup, the same job into a bucket
 * that drops chunk bytes (no S3 server); {@code -Dbench.partsInFlight=N} overrides the parts in flight.
 * S3Proxy is a {@code provided} dependency (not in the jar): {@code target/s3proxy.cp} comes from
 * {@code mvn -o dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile=target/s3proxy.cp}.
 */
public final class BackupBenchmark {
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret";
    static final TableSchema FASTPATH = new TableSchema("fastpath", List.of(
            new Column("measurement_uid", ColumnType.STRING),
            new Column("measurement_start_time", ColumnType.DATETIME),
            new Column("probe_cc", ColumnType.fixedString(2)),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("test_name", ColumnType.enum8(List.of("web_connectivity", "signal", "tor", "ndt"))),
            new Column("input", ColumnType.STRING),
            new Column("anomaly", ColumnType.UINT8),
            new Column("confirmed", ColumnType.UINT8),
            new Column("test_runtime", ColumnType.FLOAT32),
            new Column("report_id", ColumnType.STRING),
            new Column("day", ColumnType.DATE)),
            List.of("measurement_start_time", "measurement_uid"), Engine.MERGE_TREE);
    private static final List<String> CC = List.of("IT", "DE", "US", "IR", "RU", "CN", "BR", "IN", "ZZ");
    private static final List<String> TESTS = List.of("web_connectivity", "web_connectivity", "signal", "tor", "ndt");

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        Path blobs = Files.createTempDirectory(work, "s3-");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", blobs.toString());
        try (BlobStoreContext context = ContextBuilder.newBuilder("filesystem").overrides(props)
                .build(BlobStoreContext.class)) {
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            System.out.printf("rows %,d; S3Proxy (filesystem store) at %s; max heap %d MB%n", rows, endpoint,
                    Runtime.getRuntime().maxMemory() >> 20);
            Path duck = work.resolve("bench-" + System.nanoTime() + ".duckdb");
            if (!Boolean.getBoolean("bench.skipDuckDb")) {
                run("duckdb", StoreUrl.parse("duckdb:" + duck), rows, endpoint, context, "duckdb");
            }
            if (args.length > 2) {
                run("clickhouse", StoreUrl.parse(args[2]), rows, endpoint, context, "clickhouse");
            }
            proxy.stop();
            Files.deleteIfExists(duck);
        }
    }

    private static void run(String name, StoreUrl url, long rows, String endpoint, BlobStoreContext context,
                            String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
        try (Warehouse w = Warehouses.open(url, false)) {
            w.dropTableIfExists("fastpath");
            w.dropTableIfExists("fastpath_copy");
            long t0 = System.nanoTime();
            w.createTableIfMissing(FASTPATH);
            w.insertRows(FASTPATH, rows(rows));
            System.out.printf("%s: generated %,d rows in %.1f s%n", name, rows, secs(t0));

            // the pipeline limit: the same chunk queries, through zstd, into nothing; then the backup. Repeated
            // (alternating) with -Dbench.repeat=N, each backup into a bucket of its own so none is incremental.
            BackupSettings settings = settings(endpoint, bucket);
            BackupPlan plan = BackupPlan.of(settings, "benchmark");
            TableInfo info = w.describeTable("fastpath");
            ChunkPlanner.Resolved resolved = ChunkPlanner.resolve(plan.tables().get("fastpath"), info, "benchmark");
            List<ChunkPlanner.Chunk> chunks = ChunkPlanner.plan("fastpath", resolved, w, settings.pageRows());
            Metrics metrics = Metrics.inMemory();
            JobContext ctx = new JobContext(() -> w, metrics, Log.silent(), Clock.systemUTC(), AnalysisConfig.defaults(),
                    false, false);
            double backupSecs = 0;
            long csvBytes = 0;
            String target = bucket;
            for (int round = 1; round <= Integer.getInteger("bench.repeat", 1); round++) {
                resetPeaks();
                csvBytes = 0;
                long zstdBytes = 0;
                t0 = System.nanoTime();
                for (ChunkPlanner.Chunk c : chunks) {
                    ByteTally compressed = new ByteTally(OutputStream.nullOutputStream(), false);
                    ByteTally csv;
                    try (ZstdOutputStream z = new ZstdOutputStream(compressed, settings.zstdLevel())) {
                        csv = new ByteTally(z, false);
                        w.exportCsv("fastpath", c.range(), csv);
                        csv.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    csvBytes += csv.bytes();
                    zstdBytes += compressed.bytes();
                }
                double limitSecs = secs(t0);
                print(name, "limit (CSV query | zstd > null)", rows, csvBytes, limitSecs);
                System.out.printf("%s:   %d chunks, CSV %.1f MB, zstd-%d %.1f MB, ratio %.2f%n", name, chunks.size(),
                        csvBytes / 1e6, settings.zstdLevel(), zstdBytes / 1e6, (double) csvBytes / zstdBytes);

                String roundBucket = round == 1 ? bucket : bucket + "-" + round;
                if (round > 1) {
                    context.getBlobStore().createContainerInLocation(null, roundBucket);
                }
                target = roundBucket;
                BackupSettings into = settings(endpoint, roundBucket);
                resetPeaks();
                t0 = System.nanoTime();
                new BackupJob(BackupPlan.of(into, "benchmark"), d -> open(endpoint, roundBucket, into), "benchmark",
                        "benchmark", d -> { }).run(ctx);
                backupSecs = secs(t0);
                print(name, "backup (full job into S3Proxy)", rows, csvBytes, backupSecs);
                System.out.printf("%s:   %.0f%% of the limit%n", name, 100 * limitSecs / backupSecs);
                if (Boolean.getBoolean("bench.discarding")) {
                    // the same job with the chunk bytes dropped instead of sent: the share of the S3 server
                    resetPeaks();
                    t0 = System.nanoTime();
                    new BackupJob(BackupPlan.of(into, "benchmark"), d -> new DiscardingObjectStore(), "benchmark",
                            "benchmark", d -> { }).run(ctx);
                    double discardSecs = secs(t0);
                    print(name, "backup (chunks discarded, no S3)", rows, csvBytes, discardSecs);
                    System.out.printf("%s:   %.0f%% of the limit%n", name, 100 * limitSecs / discardSecs);
                }
            }
            String restoreFrom = target;

            resetPeaks();
            t0 = System.nanoTime();
            try (ObjectStore objects = open(endpoint, restoreFrom, settings(endpoint, restoreFrom))) {
                new RestoreJob(objects, "fastpath", "fastpath_copy", null).run(ctx);
            }
            double restoreSecs = secs(t0);
            print(name, "restore (S3Proxy into a new table)", rows, csvBytes, restoreSecs);
            System.out.printf("%s:   restore at %.0f%% of backup speed; rows restored %,d%n", name,
                    100 * backupSecs / restoreSecs, w.countRows("fastpath_copy"));
            w.dropTableIfExists("fastpath");
            w.dropTableIfExists("fastpath_copy");
        }
    }

    private static BackupSettings settings(String endpoint, String bucket) {
        DestinationSettings d = new DestinationSettings(endpoint, "us-east-1", bucket, "bench/", true, ACCESS, SECRET,
                null, null);
        return new BackupSettings(Map.of("bench", d), Map.of("fastpath", new TextNode("incremental")), 3, null,
                Integer.getInteger("bench.partsInFlight"), 0.0, null, null, null, null, null, null);
    }

    private static ObjectStore open(String endpoint, String bucket, BackupSettings s) {
        return S3ObjectStore.open(s.destinations().get("bench"), Map.of(), s.partSizeBytes(), s.partsInFlight());
    }

    private static void print(String name, String phase, long rows, long csvBytes, double secs) {
        System.out.printf("%s: %-36s %6.1f s  %,10.0f rows/s  %6.1f MB/s CSV  peak heap %4d MB%n", name, phase, secs,
                rows / secs, csvBytes / 1e6 / secs, peakHeapMb());
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    // sum of the heap pools' peaks since the last reset: an upper bound of the peak heap in use
    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    /** Four months from 2024-01 on; URLs, report ids and uids like the real table's. */
    static Iterator<Object[]> rows(long n) {
        long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
        long span = Instant.parse("2024-05-01T00:00:00Z").getEpochSecond() - start;
        return LongStream.range(0, n).mapToObj(i -> {
            Instant t = Instant.ofEpochSecond(start + i * span / n);
            long h = i * 0x9E3779B97F4A7C15L;
            String cc = CC.get((int) Math.floorMod(h, CC.size()));
            String test = TESTS.get((int) Math.floorMod(h >>> 8, TESTS.size()));
            String input = test.equals("web_connectivity")
                    ? "https://www.site" + Math.floorMod(h >>> 16, 20_000) + ".example.org/path?q=\"" + (i % 97) + "\",x"
                    : "";
            return new Object[] {String.format("2024%010d%08x", i, (int) h), t, cc, Math.floorMod(h >>> 20, 60_000L),
                    test, input, (int) Math.floorMod(h >>> 30, 7) == 0 ? 1 : 0, 0, Math.floorMod(h >>> 34, 100_000) / 1000f,
                    "20240101T000000Z_" + test + "_" + cc + "_" + Math.floorMod(h >>> 40, 5000),
                    t.atZone(ZoneOffset.UTC).toLocalDate()};
        }).iterator();
    }
}
