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
import java.nio.charset.StandardCharsets;
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
import org.ooni.analysis.store.ClickHouseWarehouse;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Benchmark of backup and restore (not a test; see docs/backup.md, Figures). Generates a fastpath-shaped table
 * of ROWS rows over four months in DuckDB (and in ClickHouse when a URL is given), then per store: the pipeline
 * limit (each month's CSV query through zstd into a null stream), the backup job into an in-process S3Proxy on a
 * filesystem blob store (so stored objects do not sit in the heap), and the restore job into a new table. Prints
 * rows/s, MB/s of uncompressed CSV, compression ratio and peak heap per phase.
 *
 * <pre>
 *   JAVA_OPTS=-Xmx512m bin/bench backup.BackupBenchmark ROWS WORK_DIR [clickhouse://USER@HOST:PORT/DB]
 * </pre>
 * {@code -Dbench.repeat=N} runs the limit and the backup N times, alternating; {@code -Dbench.skipDuckDb=true}
 * measures ClickHouse only; {@code -Dbench.discarding=true} adds, after each backup, the same job into a bucket
 * that drops chunk bytes (no S3 server); {@code -Dbench.partsInFlight=N} overrides the parts in flight;
 * {@code -Dbench.shellLimit=true} also times the limit as a shell pipeline (ClickHouse only, needs curl and
 * zstd); {@code -Dbench.https=true} serves S3Proxy over TLS with a self-signed certificate made for the run, as
 * S3 itself is reached (over plain HTTP the S3 client signs every chunk of the body, over HTTPS it sends it
 * unsigned); {@code -Dbench.threads=true} adds the CPU time per thread group ({@link ThreadCpu}). Each phase line
 * ends with the machine's CPU use during it ({@link MachineCpu}); the run ends with the first (cold) round and the
 * later (warm) rounds summed up apart ({@link RoundFigures}).
 * S3Proxy is a {@code provided} dependency (not in the production jar); {@code bin/bench} puts it on the classpath.
 */
public final class BackupBenchmark {
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret";
    private static final String STORE_PASS = "bench-keystore";
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
        String store = System.getProperty("bench.s3store", "filesystem");
        // the nio2 stores want an identity, which a local store does not check
        try (BlobStoreContext context = ContextBuilder.newBuilder(store).credentials("local", "local")
                .overrides(props).build(BlobStoreContext.class)) {
            boolean https = Boolean.getBoolean("bench.https");
            S3Proxy.Builder builder = S3Proxy.builder().blobStore(context.getBlobStore())
                    .awsAuthentication(Boolean.getBoolean("bench.s3NoAuth") ? AuthenticationType.NONE
                            : AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET);
            if (https) {
                Path keyStore = selfSignedKeyStore(work);
                builder.secureEndpoint(URI.create("https://127.0.0.1:0")).keyStore(keyStore.toString(), STORE_PASS);
                // the S3 client trusts the JVM's default trust store: make it this one certificate
                System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
                System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASS);
            } else {
                builder.endpoint(URI.create("http://127.0.0.1:0"));
            }
            S3Proxy proxy = builder.build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            String endpoint = https ? "https://127.0.0.1:" + proxy.getSecurePort()
                    : "http://127.0.0.1:" + proxy.getPort();
            System.out.printf("rows %,d; S3Proxy (%s store) at %s; max heap %d MB%n", rows, store, endpoint,
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
            Log log = Boolean.getBoolean("bench.log") ? new Log(System.out, false, true, Clock.systemUTC())
                    : Log.silent();
            JobContext ctx = new JobContext(() -> w, metrics, log, Clock.systemUTC(), AnalysisConfig.defaults(), false,
                    false);
            double backupSecs = 0;
            long csvBytes = 0;
            RoundFigures figures = new RoundFigures();
            String target = bucket;
            for (int round = 1; round <= Integer.getInteger("bench.repeat", 1); round++) {
                resetPeaks();
                MachineCpu cpu = MachineCpu.start();
                ThreadCpu limitThreads = threadsIfAsked();
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
                double shellSecs = Double.NaN;
                print(name, "limit (CSV query | zstd > null)", rows, csvBytes, limitSecs, cpu);
                printThreads(name, limitThreads);
                System.out.printf("%s:   %d chunks, CSV %.1f MB, zstd-%d %.1f MB, ratio %.2f%n", name, chunks.size(),
                        csvBytes / 1e6, settings.zstdLevel(), zstdBytes / 1e6, (double) csvBytes / zstdBytes);

                if (Boolean.getBoolean("bench.shellLimit") && w instanceof ClickHouseWarehouse ch) {
                    cpu = MachineCpu.start();
                    shellSecs = shellLimit(ch, url, chunks, settings.zstdLevel());
                    print(name, "limit (curl | zstd CLI > /dev/null)", rows, csvBytes, shellSecs, cpu);
                }

                String roundBucket = round == 1 ? bucket : bucket + "-" + round;
                if (round > 1) {
                    context.getBlobStore().createContainerInLocation(null, roundBucket);
                }
                target = roundBucket;
                BackupSettings into = settings(endpoint, roundBucket);
                resetPeaks();
                cpu = MachineCpu.start();
                ThreadCpu threads = threadsIfAsked();
                t0 = System.nanoTime();
                new BackupJob(BackupPlan.of(into, "benchmark"), d -> open(endpoint, roundBucket, into), "benchmark",
                        "benchmark", d -> { }).run(ctx);
                backupSecs = secs(t0);
                print(name, "backup (full job into S3Proxy)", rows, csvBytes, backupSecs, cpu);
                printThreads(name, threads);
                System.out.printf("%s:   %.0f%% of the limit%n", name, 100 * limitSecs / backupSecs);
                figures.add(limitSecs, shellSecs, backupSecs);
                if (Boolean.getBoolean("bench.discarding")) {
                    // the same job with the chunk bytes dropped instead of sent: the share of the S3 server
                    resetPeaks();
                    cpu = MachineCpu.start();
                    t0 = System.nanoTime();
                    new BackupJob(BackupPlan.of(into, "benchmark"), d -> new DiscardingObjectStore(), "benchmark",
                            "benchmark", d -> { }).run(ctx);
                    double discardSecs = secs(t0);
                    print(name, "backup (chunks discarded, no S3)", rows, csvBytes, discardSecs, cpu);
                    System.out.printf("%s:   %.0f%% of the limit%n", name, 100 * limitSecs / discardSecs);
                }
            }
            figures.print(name);
            String restoreFrom = target;

            resetPeaks();
            MachineCpu restoreCpu = MachineCpu.start();
            t0 = System.nanoTime();
            try (ObjectStore objects = open(endpoint, restoreFrom, settings(endpoint, restoreFrom))) {
                new RestoreJob(objects, "fastpath", "fastpath_copy", null).run(ctx);
            }
            double restoreSecs = secs(t0);
            print(name, "restore (S3Proxy into a new table)", rows, csvBytes, restoreSecs, restoreCpu);
            System.out.printf("%s:   restore at %.0f%% of backup speed; rows restored %,d%n", name,
                    100 * backupSecs / restoreSecs, w.countRows("fastpath_copy"));
            w.dropTableIfExists("fastpath");
            w.dropTableIfExists("fastpath_copy");
        }
    }

    /**
     * The limit taken literally: each chunk's query sent with curl to ClickHouse's HTTP interface and piped through
     * the zstd command into /dev/null, two processes beside the server, as an operator would time it by hand.
     */
    private static double shellLimit(ClickHouseWarehouse ch, StoreUrl url, List<ChunkPlanner.Chunk> chunks,
                                     int level) {
        long t0 = System.nanoTime();
        for (ChunkPlanner.Chunk c : chunks) {
            String query = ch.exportQuery("fastpath", c.range()) + " FORMAT CSVWithNames";
            String endpoint = url.httpEndpoint() + "/?database=" + url.database();
            try {
                String pipeline = "set -o pipefail; curl -sS --fail --user \"$CH_USER\" --data-binary @- '"
                        + endpoint + "' | zstd -" + level + " -q -c > /dev/null";
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", pipeline).redirectErrorStream(true);
                // the credentials go in through the environment, so they never show in a process listing
                pb.environment().put("CH_USER", url.user() + ":" + (url.password() == null ? "" : url.password()));
                Process p = pb.start();
                p.getOutputStream().write(query.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("curl | zstd failed for " + c.range() + ": " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return secs(t0);
    }

    /** A PKCS#12 key store with a self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    private static Path selfSignedKeyStore(Path work) throws IOException, InterruptedException {
        Path store = work.resolve("s3proxy-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s3proxy", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASS, "-keypass", STORE_PASS)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return store;
    }

    private static BackupSettings settings(String endpoint, String bucket) {
        DestinationSettings d = new DestinationSettings(endpoint, "us-east-1", bucket, "bench/", true, ACCESS, SECRET,
                null, null);
        return new BackupSettings(Map.of("bench", d), Map.of("fastpath", new TextNode("incremental")), 3,
                Integer.getInteger("bench.zstdWorkers"), null,
                Integer.getInteger("bench.partsInFlight"), 0.0, null, null, null, null, null, null, null);
    }

    private static ObjectStore open(String endpoint, String bucket, BackupSettings s) {
        return S3ObjectStore.open(s.destinations().get("bench"), Map.of(), s.partSizeBytes(), s.partsInFlight());
    }

    private static void print(String name, String phase, long rows, long csvBytes, double secs, MachineCpu cpu) {
        System.out.printf("%s: %-36s %6.1f s  %,10.0f rows/s  %6.1f MB/s CSV  peak heap %4d MB  %s%n", name, phase,
                secs, rows / secs, csvBytes / 1e6 / secs, peakHeapMb(), cpu.busySince());
    }

    /** The phase's per-thread CPU count with {@code -Dbench.threads=true}, else null (nothing read from /proc). */
    private static ThreadCpu threadsIfAsked() {
        return Boolean.getBoolean("bench.threads") ? ThreadCpu.start() : null;
    }

    private static void printThreads(String name, ThreadCpu threads) {
        if (threads != null) {
            System.out.printf("%s:   CPU-s by thread: %s%n", name, threads.since());
        }
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
