package org.ooni.analysis.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.Log;

/** The fetcher every HTTP source shares (asnmeta, fingerprints, geoip) against a server that drips or fails. */
class HttpFetcherDeadlineTest {
    private HttpServer server;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private Log log;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/drip.csv", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream body = ex.getResponseBody()) {
                for (int i = 0; i < 300; i++) {
                    body.write('a');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up, as it should
            }
        });
        server.createContext("/error.csv", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        log = new Log(new PrintStream(logged, true, StandardCharsets.UTF_8), false, true, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private HttpFetcher fetcher(long deadlineMillis) {
        return new HttpFetcher(new HttpSettings(2, 1, 3, 10L, 1L << 20, "test"), log,
                new Deadline(Duration.ofMillis(deadlineMillis), "[fingerprints] deadline_seconds"));
    }

    @Test
    void aBodyThatDripsFailsAtTheDeadlineNotAtTheReadTimeout() {
        long start = System.nanoTime();
        SourceUnavailable e = assertThrows(SourceUnavailable.class,
                () -> fetcher(1500).fetch(url("/drip.csv") + "?sig=S3CRET", body -> body.readAllBytes()));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(url("/drip.csv") + "?sig=***: no complete answer within the deadline of 1500 ms "
                + "([fingerprints] deadline_seconds)", e.getMessage());
        assertEquals(3, e.exitCode());
        assertTrue(ms < 5_000, "took " + ms + " ms");
    }

    @Test
    void retryWarningsAreMasked() {
        SourceUnavailable e = assertThrows(SourceUnavailable.class,
                () -> fetcher(10_000).fetch(url("/error.csv") + "?X-Amz-Signature=S3CRET&X-Amz-Credential=AK1D",
                        body -> body.readAllBytes()));
        assertEquals(url("/error.csv") + "?X-Amz-Signature=***&X-Amz-Credential=***: HTTP status 503", e.getMessage());
        String lines = logged.toString(StandardCharsets.UTF_8);
        // one WARN line per failed attempt (the last one's failure is the exception)
        assertEquals(3, lines.lines().filter(l -> l.startsWith("WARN GET " + url("/error.csv")
                + "?X-Amz-Signature=***&X-Amz-Credential=*** attempt ")).count(), lines);
        assertFalse(lines.contains("S3CRET") || lines.contains("AK1D"), lines);
    }
}
