package org.ooni.analysis.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Slow clients against normal traffic: N connections that each send their request one byte a second (re-opening
 * when cut off), while one client sends normal requests at a steady rate ({@code GET /feeds/global.xml} with no
 * feeds folder: the server's own path, a JSON 404, no store work); prints the normal requests' latency percentiles. Server as {@code serve} runs it (8 workers, queue 256,
 * request_timeout_seconds 30). Run with
 * {@code bin/bench api.SlowClientBenchmark [SLOW_CLIENTS SECONDS RATE]} (defaults 30 30 20).
 */
public final class SlowClientBenchmark {
    private SlowClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int slow = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path work = Files.createTempDirectory("slowbench");
        StoreUrl url = StoreUrl.parse("duckdb:" + work.resolve("empty.duckdb"));
        Warehouses.open(url, false).close();
        Clock clock = Clock.systemUTC();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Warehouse warehouse = Warehouses.open(url, true);
             ApiServer server = ApiServer.start(new ApiContext(ApiSettings.defaults().withAddress("127.0.0.1", 0),
                     warehouse, url.kind(), work.resolve("geoip"), null, 6, List.of("citizenlab"),
                     new ScheduleSettings(null, null, null, null, null, null), clock,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Log(quiet, false, false, clock)))) {
            int port = server.port();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> drips = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                Thread t = new Thread(() -> drip(port, end), "drip-" + i);
                t.setDaemon(true);
                t.start();
                drips.add(t);
            }
            Thread.sleep(2000); // let every slow client be mid-request
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            List<Thread> sent = new ArrayList<>();
            long start = System.nanoTime();
            int errors = 0;
            for (long i = 0; System.nanoTime() < end; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Thread t = new Thread(() -> {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/feeds/global.xml")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 404 && r.body().contains("no feeds")) {
                            latencies.add((System.nanoTime() - due) / 1e6);
                        }
                    } catch (Exception e) {
                        latencies.add(Double.NaN);
                    }
                });
                t.start();
                sent.add(t);
            }
            for (Thread t : sent) {
                t.join();
            }
            List<Double> ok = latencies.stream().filter(d -> !d.isNaN()).sorted().toList();
            errors = sent.size() - ok.size();
            System.out.printf("%d slow clients (1 byte/s), %d normal requests at %d/s over %d s: %d answered, %d errors%n",
                    slow, sent.size(), rate, seconds, ok.size(), errors);
            if (!ok.isEmpty()) {
                System.out.printf("normal requests, ms from due time: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                        pct(ok, 50), pct(ok, 90), pct(ok, 99), ok.get(ok.size() - 1));
            }
            System.out.printf("slow requests cut off at the deadline: %d%n", server.expiredRequests());
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** One byte a second of a request that never ends, re-connecting whenever the server cuts it off. */
    private static void drip(int port, long end) {
        byte[] head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                for (int i = 0; System.nanoTime() < end; i++) {
                    s.getOutputStream().write(i < head.length ? head[i] : 'x');
                    s.getOutputStream().flush();
                    Thread.sleep(1000);
                }
            } catch (Exception e) {
                // cut off: connect again
            }
        }
    }
}
