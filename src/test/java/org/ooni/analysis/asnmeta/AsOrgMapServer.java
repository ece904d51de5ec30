package org.ooni.analysis.asnmeta;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server for the updater tests: serves a map that the test sets, and misbehaves on purpose on
 * other paths (404, 500, stalled body, a body dripping one byte at a time, body cut short, a first attempt cut short, the map with and without a
 * declared length for the size-cap tests).
 */
final class AsOrgMapServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private volatile byte[] map = "{}".getBytes();
    final AtomicInteger errorHits = new AtomicInteger();
    final AtomicInteger flakyHits = new AtomicInteger();

    AsOrgMapServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/map.json", ex -> send(ex, 200, map));
        server.createContext("/missing", ex -> send(ex, 404, "not found".getBytes()));
        server.createContext("/error", ex -> {
            errorHits.incrementAndGet();
            send(ex, 500, "boom".getBytes());
        });
        server.createContext("/stall", handler(ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream body = ex.getResponseBody();
            body.write("{\"1\": [".getBytes());
            body.flush();
            sleep(10_000);
        }));
        server.createContext("/drip", handler(ex -> {
            // One byte every 200 ms: never stalled long enough for the read timeout, never done.
            ex.sendResponseHeaders(200, 0);
            OutputStream body = ex.getResponseBody();
            byte[] current = map;
            for (int i = 0; i < 300; i++) {
                body.write(current[i % current.length]);
                body.flush();
                sleep(200);
            }
            ex.close();
        }));
        server.createContext("/truncated", handler(ex -> cutShort(ex, map)));
        server.createContext("/flaky", handler(ex -> {
            if (flakyHits.incrementAndGet() == 1) {
                cutShort(ex, map);
            } else {
                send(ex, 200, map);
            }
        }));
        server.createContext("/oversized", ex -> send(ex, 200, map));
        server.createContext("/oversized-chunked", handler(ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(map);
            }
        }));
        server.start();
    }

    /** What {@code /map.json} (and the truncated and flaky paths) serve from now on. */
    void serve(byte[] body) {
        map = body;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Declares the whole length, sends the first 60 % and drops the connection. */
    private static void cutShort(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length * 6 / 10);
        out.flush();
        ex.close();
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpHandler handler(Body body) {
        return ex -> {
            try {
                body.handle(ex);
            } catch (IOException e) {
                ex.close();
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Body {
        void handle(HttpExchange ex) throws IOException;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
