package org.ooni.analysis.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.ooni.analysis.asnmeta.AsOrgMapGenerator;
import org.ooni.analysis.citizenlab.SyntheticTestLists;
import org.ooni.analysis.detector.GeneratorSpec;
import org.ooni.analysis.cli.Environment;
import org.ooni.analysis.cli.Main;
import org.ooni.analysis.geoip.SyntheticGeoIp;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Benchmark (not a test) of the read API's latency. Fills the store with the real jobs from generated data
 * ({@code update citizenlab} from {@link SyntheticTestLists}, {@code update asnmeta} from {@link AsOrgMapGenerator},
 * {@code generate measurements} + {@code detect}, and a {@link SyntheticGeoIp} MMDB pair), starts {@link ApiServer}
 * in-process as {@code serve} does, then drives each endpoint alone at each fixed rate for N seconds. The load is
 * open: request i is due at start + i / rate whatever the answers do, and its latency counts from when it was due,
 * so a server that falls behind shows it instead of slowing the client down. Prints p50/p90/p99/max latency, the
 * achieved rate and the errors (any status but 200, time-outs) per endpoint and rate, then the peak heap while
 * serving and the process's peak RSS. See docs/api.md (Figures).
 *
 * <pre>JAVA_OPTS='-Xmx512m' bin/bench api.ApiLatencyBenchmark [--db URL]
 *     [--rates 200,1000] [--seconds 10] [--rows 200000] [--threads 8] [--clients 64] [--work DIR]
 *     [--endpoints asnmeta,health,...]</pre>
 * {@code --work DIR} keeps the generated files (and the DuckDB file) there and reuses them on the next run with
 * the same DIR, which skips the minute of filling; the detector's window is the 28 days before the fill.
 */
public final class ApiLatencyBenchmark {
    private static final List<String> LIST_COUNTRIES = List.of("IR", "RU", "CN", "TR", "EG", "UG", "MM", "VE", "BY",
            "KZ", "PK", "ID", "VN", "TH", "SA", "AE", "ET", "NG", "CU", "TM");
    private static final List<String> PROBE_COUNTRIES = List.of("IR", "RU", "CN", "TR", "EG", "UG", "MM", "VE");
    private static final int GEOIP_NETWORKS = 200_000;
    private static final int DRAIN_SECONDS = 15;

    /** One endpoint as the benchmark calls it: a request per random draw. */
    private record Target(String name, Function<SplittableRandom, HttpRequest.Builder> request) {
    }

    /** One endpoint at one rate. */
    private record Result(String endpoint, int rate, int sent, int errors, String firstError, long[] sortedNanos,
                          double seconds) {
        String line() {
            return "%-16s %5d/s %6d sent %8.0f/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms  errors %d%s"
                    .formatted(endpoint, rate, sent, (sent - errors) / seconds, pct(0.50), pct(0.90), pct(0.99),
                            pct(1.0), errors, firstError == null ? "" : " (first: " + firstError + ")");
        }

        private double pct(double p) {
            return sortedNanos.length == 0 ? 0 : sortedNanos[Math.max(0, (int) Math.ceil(p * sortedNanos.length) - 1)]
                    / 1e6;
        }
    }

    private ApiLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String db = null;
        List<Integer> rates = List.of(200, 1000);
        int seconds = 10;
        int rows = 200_000;
        int threads = 8;
        int clients = 64;
        Path work = null;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = args[++i];
                case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--endpoints" -> only = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean reuse = work != null && Files.exists(work.resolve("filled"));
        work = work == null ? Files.createTempDirectory("api-bench") : Files.createDirectories(work);
        if (db == null) {
            db = "duckdb:" + work.resolve("bench.duckdb");
        }
        if (reuse) {
            System.out.println("reusing the store and files filled before in " + work);
        } else {
            long loadStart = System.nanoTime();
            fill(work, db, rows, Instant.now().truncatedTo(ChronoUnit.HOURS));
            Files.writeString(work.resolve("filled"), db + "\n");
            System.out.printf("filled %s in %.1f s (%d test-list rows, %d asnmeta rows, %d GeoIP networks)%n", db,
                    (System.nanoTime() - loadStart) / 1e9, rows, rows / 2, GEOIP_NETWORKS);
        }

        StoreUrl url = StoreUrl.parse(db);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Warehouse warehouse = Warehouses.open(url, true)) {
            List<String> domains = new ArrayList<>();
            warehouse.forEachRow("SELECT domain FROM citizenlab ORDER BY url LIMIT 2000", r -> domains.add(r.get(0)));
            Clock clock = Clock.systemUTC();
            ApiSettings settings = new ApiSettings("127.0.0.1", 0, threads, 256, 10000, 30);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            try (ApiServer server = ApiServer.start(new ApiContext(settings, warehouse, url.kind(),
                    work.resolve("geoip"), work.resolve("feeds"), 6, List.of("citizenlab", "asnmeta", "detect"),
                    new ScheduleSettings(null, null, null, null, null, null), clock, registry,
                    new Log(quiet, false, false, clock)))) {
                String base = "http://127.0.0.1:" + server.port();
                List<String> wanted = only;
                List<Target> targets = targets(base, domains).stream()
                        .filter(t -> wanted == null || wanted.contains(t.name())).toList();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (Target t : targets) { // warm-up: JIT, connections, caches
                    drive(http, t, 200, 1, clients);
                }
                resetPeaks();
                System.out.printf("serving %s with %d worker threads; open-loop client with %d threads; %d s per"
                        + " endpoint and rate; latency in ms from each request's due time%n", url.kind(), threads,
                        clients, seconds);
                for (int rate : rates) {
                    for (Target t : targets) {
                        System.out.println(drive(http, t, rate, seconds, clients).line());
                    }
                }
            }
        } finally {
            registry.close();
        }
        System.out.printf("peak heap while serving: %.1f MB (max heap %d MB); process peak RSS (VmHWM): %s%n",
                peakHeap() / 1e6, Runtime.getRuntime().maxMemory() >> 20, vmHwm());
    }

    /** The store filled by the real jobs, plus the GeoIP pair; the measurements cover the 28 days before now. */
    private static void fill(Path work, String db, int rows, Instant now) throws IOException {
        Path lists = work.resolve("test-lists");
        SyntheticTestLists.write(lists, rows, LIST_COUNTRIES.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT))
                .toList(), 0, 42);
        Path asnmeta = work.resolve("all_as_org_map.json");
        try (OutputStream out = Files.newOutputStream(asnmeta)) {
            AsOrgMapGenerator.write(out, rows / 2, 42);
        }
        Path config = work.resolve("bench.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                max_rows = 100000000
                [asnmeta]
                source = "%s"
                min_rows = 10
                max_rows = 100000000
                [http]
                max_body_bytes = %d
                [detector]
                use_citizenlab = false
                feeds_dir = "%s"
                """.formatted(lists, asnmeta, Math.max(64L << 20, Files.size(asnmeta) + 1), work.resolve("feeds")));
        Instant from = now.minus(Duration.ofDays(28));
        cli(config, db, "update", "citizenlab", "--force");
        cli(config, db, "update", "asnmeta", "--force");
        cli(config, db, "generate", "measurements", "--from", from.toString(), "--to", now.toString(), "--countries",
                String.join(",", PROBE_COUNTRIES), "--asns-per-country", "3", "--rate", "6", "--episodes", "6",
                "--seed", "7", "--replace");
        cli(config, db, "detect", "--from", from.toString(), "--to", now.toString());
        SyntheticGeoIp.install(work.resolve("geoip"), GEOIP_NETWORKS, 42);
    }

    private static void cli(Path config, String db, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", db));
        all.addAll(List.of(args));
        int exit = Main.run(all.toArray(String[]::new), Environment.system());
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed with exit code " + exit);
        }
    }

    private static List<Target> targets(String base, List<String> domains) {
        List<String> categories = SyntheticTestLists.CATEGORIES.stream().map(c -> c[0]).toList();
        List<Target> t = new ArrayList<>();
        t.add(new Target("asnmeta", r -> get(base, "/api/_/asnmeta?asn=" + (1 + r.nextInt(400_000)))));
        t.add(new Target("test-list/urls", r -> get(base, "/api/v1/test-list/urls?country_code="
                + LIST_COUNTRIES.get(r.nextInt(LIST_COUNTRIES.size())) + "&category_codes="
                + categories.get(r.nextInt(categories.size())) + "," + categories.get(r.nextInt(categories.size()))
                + "&limit=100")));
        t.add(new Target("domain_metadata", r -> get(base, "/api/_/domain_metadata?domain="
                + domains.get(r.nextInt(domains.size())))));
        t.add(new Target("geolookup", r -> {
            StringBuilder body = new StringBuilder("{\"addresses\": [");
            for (int i = 0; i < 10; i++) {
                body.append(i == 0 ? "\"" : ", \"").append(SyntheticGeoIp.address(r.nextInt(GEOIP_NETWORKS),
                        GEOIP_NETWORKS, r.nextInt(256))).append('"');
            }
            return HttpRequest.newBuilder(URI.create(base + "/api/v1/geolookup"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()));
        }));
        t.add(new Target("changepoints", r -> get(base, "/api/v1/detector/changepoints?probe_cc="
                + PROBE_COUNTRIES.get(r.nextInt(PROBE_COUNTRIES.size())))));
        t.add(new Target("events", r -> get(base, "/api/v1/detector/events?probe_cc="
                + PROBE_COUNTRIES.get(r.nextInt(PROBE_COUNTRIES.size())))));
        t.add(new Target("events-page", r -> get(base, "/detector/?probe_cc="
                + PROBE_COUNTRIES.get(r.nextInt(PROBE_COUNTRIES.size())))));
        // the default evidence page: the 7 days before now, top 4 networks (the fill has 3), 4 signals each
        t.add(new Target("evidence-page", r -> get(base, "/detector/evidence?probe_cc="
                + PROBE_COUNTRIES.get(r.nextInt(PROBE_COUNTRIES.size())) + "&domain="
                + GeneratorSpec.DEFAULT_DOMAINS.get(r.nextInt(GeneratorSpec.DEFAULT_DOMAINS.size())))));
        t.add(new Target("feeds", r -> get(base, "/feeds/global.xml")));
        t.add(new Target("health", r -> get(base, "/health")));
        return t;
    }

    private static HttpRequest.Builder get(String base, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
    }

    /** {@code rate} requests a second for {@code seconds}, open loop, from {@code clients} threads. */
    private static Result drive(HttpClient http, Target target, int rate, int seconds, int clients)
            throws InterruptedException {
        int count = rate * seconds;
        long period = 1_000_000_000L / rate;
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        SplittableRandom random = new SplittableRandom(rate * 31L + target.name().hashCode());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = target.request().apply(random).timeout(Duration.ofSeconds(10)).build();
            int index = i;
            pool.execute(() -> {
                String error;
                try {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    error = r.statusCode() == 200 ? null : "status " + r.statusCode();
                } catch (IOException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "interrupted";
                }
                if (!"interrupted".equals(error)) { // cut off by the drain limit: counted as unanswered
                    latencies[index] = System.nanoTime() - due;
                }
                if (error != null && !"interrupted".equals(error)) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, error);
                }
            });
        }
        pool.shutdown();
        // an overloaded store can leave a long backlog: what is not answered DRAIN_SECONDS after the last request
        // was due counts as an error ("no answer") and is left out of the percentiles
        if (!pool.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            pool.awaitTermination(15, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] answered = Arrays.stream(latencies).filter(n -> n >= 0).sorted().toArray();
        int unanswered = count - answered.length;
        if (unanswered > 0) {
            firstError.compareAndSet(null, "no answer within " + DRAIN_SECONDS + " s of the end");
        }
        return new Result(target.name(), rate, count, errors.get() + unanswered, firstError.get(), answered,
                elapsed);
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peak usage since {@link #resetPeaks}. */
    private static long peakHeap() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peaks.put(p.getName(), p.getPeakUsage().getUsed());
            }
        }
        return peaks.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String vmHwm() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a (no /proc)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).trim()).findFirst().orElse("n/a");
    }
}
