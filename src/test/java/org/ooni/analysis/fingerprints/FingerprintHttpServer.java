package org.ooni.analysis.fingerprints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server on loopback for the updater tests: serves the files put into it under {@code /files/},
 * and answers the faults a real source shows ({@code /404}, {@code /500}, {@code /stall-headers},
 * {@code /stall-body}, {@code /truncated}, {@code /big}, {@code /big-chunked}).
 */
final class FingerprintHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Queue<String> userAgents = new ConcurrentLinkedQueue<>();

    FingerprintHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void put(String name, byte[] body) {
        files.put("/files/" + name, body);
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        userAgents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
        try (ex) {
            byte[] file = files.get(path);
            if (file != null) {
                ex.sendResponseHeaders(200, file.length);
                ex.getResponseBody().write(file);
                return;
            }
            switch (path) {
                case "/500" -> ex.sendResponseHeaders(500, -1);
                case "/stall-headers" -> sleep(2500);
                case "/stall-body" -> {
                    ex.sendResponseHeaders(200, 1000);
                    ex.getResponseBody().write(new byte[10]);
                    ex.getResponseBody().flush();
                    sleep(2500);
                }
                case "/truncated" -> {
                    ex.sendResponseHeaders(200, 100_000);
                    OutputStream out = ex.getResponseBody();
                    out.write(FingerprintParserTest.HEADER.getBytes());
                    out.flush();
                    // closing the exchange now ends the connection short of the declared length
                }
                case "/big" -> {
                    byte[] body = new byte[300_000];
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
                case "/big-chunked" -> {
                    ex.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 30; i++) {
                        ex.getResponseBody().write(new byte[10_000]);
                    }
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            // the client hung up (timeout or size limit): expected in the fault tests
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
