package org.ooni.analysis.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced load client for tests: sends {@code count} requests, one every {@code interval}, taking the probes of a
 * mix in turn, from a fixed pool of client threads, and checks every answer's status and exact body. The count and
 * each request's time are bounded; nothing here asserts on how long anything took.
 */
final class PacedLoad {
    /** One kind of request and the one answer that is right for it. */
    record Probe(String name, String method, String pathAndQuery, String body, int status, String expectedBody) {
    }

    /** What came back: failures (first ones, with the reason), counts and the latencies for a report. */
    record Report(int sent, int correct, List<String> failures, long[] latenciesNanos) {
        String summary() {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return "%d sent, %d correct, %d failed; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(sent,
                    correct, sent - correct, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0));
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    private final HttpClient http;
    private final String base;
    private final Duration interval;
    private final Duration requestTimeout;
    private final int clientThreads;

    PacedLoad(HttpClient http, String base, Duration interval, Duration requestTimeout, int clientThreads) {
        this.http = http;
        this.base = base;
        this.interval = interval;
        this.requestTimeout = requestTimeout;
        this.clientThreads = clientThreads;
    }

    Report run(List<Probe> mix, int count) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clientThreads);
        List<Future<String>> answers = new ArrayList<>(count);
        long[] latencies = new long[count];
        try {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                // paced by the schedule, not by the answers: a slow server does not slow the offered rate
                long due = start + i * interval.toNanos();
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Probe probe = mix.get(i % mix.size());
                int index = i;
                answers.add(pool.submit(() -> check(probe, index, latencies)));
            }
            List<String> failures = new ArrayList<>();
            int correct = 0;
            for (Future<String> f : answers) {
                String failure;
                try {
                    failure = f.get(requestTimeout.toMillis() * 4 + count * interval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    failure = "no answer: " + e;
                }
                if (failure == null) {
                    correct++;
                } else if (failures.size() < 20) {
                    failures.add(failure);
                }
            }
            return new Report(count, correct, Collections.unmodifiableList(failures), latencies);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Null when the answer is exactly the expected one, else why not. */
    private String check(Probe probe, int index, long[] latencies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + probe.pathAndQuery()))
                .timeout(requestTimeout);
        request = probe.method().equals("POST")
                ? request.POST(HttpRequest.BodyPublishers.ofString(probe.body())) : request.GET();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            latencies[index] = System.nanoTime() - sent;
            if (r.statusCode() != probe.status()) {
                return probe.name() + " #" + index + ": status " + r.statusCode() + ", expected " + probe.status()
                        + ": " + r.body();
            }
            if (!r.body().equals(probe.expectedBody())) {
                return probe.name() + " #" + index + ": body differs from the expected one (" + r.body().length()
                        + " vs " + probe.expectedBody().length() + " chars): " + abbreviated(r.body());
            }
            return null;
        } catch (IOException e) {
            return probe.name() + " #" + index + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return probe.name() + " #" + index + ": interrupted";
        }
    }

    private static String abbreviated(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
