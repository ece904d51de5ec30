package org.ooni.analysis.citizenlab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hostile git remote over HTTP for the citizenlab tests: {@code /denied.git} answers 401 (git then reports the
 * URL it was given), {@code /drip.git} starts a smart-HTTP answer and sends one byte every 200 ms, never enough
 * to trip git's own read timeout and never done.
 */
final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "git-http-server");
        t.setDaemon(true);
        return t;
    });

    GitHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/denied.git", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        server.createContext("/drip.git", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
            ex.sendResponseHeaders(200, 0);
            byte[] advert = "001e# service=git-upload-pack\n0000".getBytes(StandardCharsets.US_ASCII);
            try (OutputStream body = ex.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    body.write(advert[i % advert.length]);
                    body.flush();
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                // the client went away: what the deadline is for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
