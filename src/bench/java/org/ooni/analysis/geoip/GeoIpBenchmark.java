package org.ooni.analysis.geoip;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.fetch.HttpFetcher;
import org.ooni.analysis.job.Log;

/**
 * Benchmark (not a test) of the download path: stream a gzip-compressed MMDB over loopback HTTP through
 * {@link HttpFetcher}, decompress it into a file, and validate it, reporting MB/s and the peak heap.
 * {@code generate DIR [NETWORKS]} writes {@code DIR/bench-asn.mmdb.gz} (about 100 MB decompressed with the default
 * 690000 networks; needs about 1 GB of heap); {@code run DIR [ROUNDS]} measures, and is meant to run with
 * {@code -Xmx64m}. See docs/geoip.md.
 */
public final class GeoIpBenchmark {
    private static final String FILE = "bench-asn.mmdb.gz";

    private GeoIpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("generate") || args[0].equals("run"))) {
            System.err.println("usage: GeoIpBenchmark generate DIR [NETWORKS] | run DIR [ROUNDS]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        if (args[0].equals("generate")) {
            generate(dir, args.length > 2 ? Integer.parseInt(args[2]) : 690_000);
        } else {
            run(dir, args.length > 2 ? Integer.parseInt(args[2]) : 3);
        }
    }

    /** An ASN-shaped database: one /24 per network spread over IPv4, each with its own organisation name. */
    static void generate(Path dir, int networks) throws IOException {
        long start = System.nanoTime();
        MmdbWriter writer = new MmdbWriter("DBIP-ASN-Lite (compat=GeoLite2-ASN)", 28, Instant.now().minusSeconds(86_400));
        SplittableRandom random = new SplittableRandom(42);
        long stride = (1L << 24) / networks;
        for (int i = 0; i < networks; i++) {
            long net = (i * stride) << 8;
            InetAddress address = InetAddress.getByAddress(new byte[] {
                (byte) (net >>> 24), (byte) (net >>> 16), (byte) (net >>> 8), 0});
            writer.insert(address, 24, Map.of("autonomous_system_number", 1L + random.nextInt(400_000),
                    "autonomous_system_organization", organisation(random, i)));
        }
        Map<String, Object> google = Map.of("autonomous_system_number", 15169L,
                "autonomous_system_organization", "Google LLC");
        writer.insert("8.8.8.0/24", google);
        writer.insert("2001:4860::/32", google);
        Path raw = dir.resolve("bench-asn.mmdb");
        writer.write(raw);
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(FILE)), 1 << 16), 1 << 16)) {
            Files.copy(raw, out);
        }
        System.out.printf("generated %s: %d networks, %d nodes, %.1f MB decompressed, %.1f MB gzip, in %d ms%n",
                dir.resolve(FILE), networks, writer.nodeCount(), Files.size(raw) / 1e6,
                Files.size(dir.resolve(FILE)) / 1e6, (System.nanoTime() - start) / 1_000_000);
        Files.delete(raw);
    }

    private static String organisation(SplittableRandom random, int i) {
        StringBuilder b = new StringBuilder("AS-ORG-").append(i).append(' ');
        int words = 2 + random.nextInt(4);
        for (int w = 0; w < words; w++) {
            int len = 3 + random.nextInt(8);
            for (int c = 0; c < len; c++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            b.append(' ');
        }
        return b.append("Ltd").toString();
    }

    static void run(Path dir, int rounds) throws Exception {
        Path gz = dir.resolve(FILE);
        if (!Files.isRegularFile(gz)) {
            throw new IllegalStateException(gz + " is missing; run 'generate " + dir + "' first");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, Files.size(gz));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(gz, out);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + FILE;
            HttpSettings http = new HttpSettings(10, 60, 1, 1000L, 512L * 1024 * 1024, "ooni-downloader");
            GzipDownload download = new GzipDownload(new HttpFetcher(http, Log.silent()), 1L << 30);
            MmdbValidator validator = new MmdbValidator(
                    List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("2001:4860:4860::8888")),
                    Clock.systemUTC());
            Path target = dir.resolve("bench-asn.mmdb.download.tmp");
            List<Double> rates = new ArrayList<>();
            System.gc();
            resetPeaks();
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long size = download.fetchTo(DbKind.ASN, url, target).orElseThrow();
                long downloaded = System.nanoTime();
                ValidatedDb v = validator.validate(DbKind.ASN, target, url);
                long done = System.nanoTime();
                double seconds = (done - start) / 1e9;
                double rate = size / 1e6 / seconds;
                rates.add(rate);
                System.out.printf("round %d: %.1f MB decompressed (%.1f MB gzip), download+decompress %d ms, "
                                + "validate %d ms, %.1f MB/s (decompressed), %d nodes%n", round, size / 1e6,
                        Files.size(gz) / 1e6, (downloaded - start) / 1_000_000, (done - downloaded) / 1_000_000,
                        rate, v.nodeCount());
                Files.delete(target);
            }
            rates.sort(null);
            System.out.printf("median %.1f MB/s decompressed over %d rounds; peak heap %.1f MB (max heap %.0f MB); "
                            + "VmHWM %s%n", rates.get(rates.size() / 2), rounds, peakHeap() / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6, vmHwm());
        } finally {
            server.stop(0);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound: pools peak at different times). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
