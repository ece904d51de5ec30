package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouses;

/** {@code serve} shares the daemon's signal handling: on SIGTERM it stops its HTTP server and exits 0 (not 143). */
class ServeSignalTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermStopsTheServerAndExitsZero() throws Exception {
        String db = "duckdb:" + tmp.resolve("serve.duckdb");
        Warehouses.open(StoreUrl.parse(db), false).close(); // serve opens the store read-only: it must exist
        try (ChildProcess serve = ChildProcess.cli("--db", db, "serve", "--port", "0")) {
            String listening = serve.awaitLine("serve: listening on http://127.0.0.1:");
            Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(listening);
            assertTrue(port.find(), listening);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(health.statusCode() == 200 || health.statusCode() == 503, health.body());
            assertEquals(0, serve.terminate(), serve.output());
            assertTrue(serve.output().contains("INFO serve: stop requested by signal"), serve.output());
            assertTrue(serve.output().contains("INFO serve: stopped, exit 0"), serve.output());
        }
    }
}
