package org.ooni.analysis.geoip;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server standing in for the db-ip download site: serves files by name, answers 403 without the
 * expected User-Agent (as db-ip does) and 404 for anything it does not know (a month not yet published).
 */
final class GeoIpTestServer implements AutoCloseable {
    static final String USER_AGENT = "ooni-downloader";

    /** How the server answers one file name. */
    @FunctionalInterface
    interface Behaviour {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    GeoIpTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "geoip-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code prefix} as db-ip names it, e.g. {@code dbip-asn-lite}. */
    String template(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix + "-{YYYY-MM}.mmdb.gz";
    }

    static String fileName(String prefix, String month) {
        return prefix + "-" + month + ".mmdb.gz";
    }

    void serve(String prefix, String month, byte[] body) {
        routes.put(fileName(prefix, month), ex -> send(ex, 200, body));
    }

    void status(String prefix, String month, int status) {
        routes.put(fileName(prefix, month), ex -> send(ex, status, ("status " + status).getBytes()));
    }

    void behave(String prefix, String month, Behaviour behaviour) {
        routes.put(fileName(prefix, month), behaviour);
    }

    /** Answers only once {@code release} opens, after counting down {@code arrived}. */
    void block(String prefix, String month, byte[] body, CountDownLatch arrived, CountDownLatch release) {
        routes.put(fileName(prefix, month), ex -> {
            arrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, body);
        });
    }

    /** Sleeps before answering, longer than the client's read timeout. */
    void delay(String prefix, String month, long millis, byte[] body) {
        routes.put(fileName(prefix, month), ex -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, body);
        });
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            if (!USER_AGENT.equals(ex.getRequestHeaders().getFirst("User-Agent"))) {
                send(ex, 403, "Forbidden".getBytes());
                return;
            }
            String name = ex.getRequestURI().getPath().substring(1);
            Behaviour b = routes.get(name);
            if (b == null) {
                send(ex, 404, "Not Found".getBytes());
                return;
            }
            b.respond(ex);
        }
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
