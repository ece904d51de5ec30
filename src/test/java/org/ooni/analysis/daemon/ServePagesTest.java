package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouses;

/**
 * The real {@code serve} command serves the detector's pages with the {@code [detector]} settings of its config:
 * on an empty store they say "no data yet", and the evidence page's threshold is the configured one.
 */
class ServePagesTest {
    @TempDir
    Path tmp;

    @Test
    void servePagesUseTheConfiguredDetector() throws Exception {
        String db = "duckdb:" + tmp.resolve("serve.duckdb");
        Warehouses.open(StoreUrl.parse(db), false).close();
        Path config = tmp.resolve("analysis.toml");
        Files.writeString(config, "[statsd]\nenabled = false\n[detector]\nedd = 4\n");
        try (ChildProcess serve = ChildProcess.cli("--config", config.toString(), "--db", db, "serve", "--port", "0")) {
            Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)")
                    .matcher(serve.awaitLine("serve: listening on http://127.0.0.1:"));
            assertTrue(port.find());
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port.group(1);
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(base + "/detector/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, events.statusCode());
            assertTrue(events.body().contains("No data yet"), events.body());
            HttpResponse<String> evidence = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/detector/evidence?probe_cc=UG&domain=t.me")).build(), HttpResponse.BodyHandlers.ofString());
            // h = edd * (mu1 - mu0) / 2 = 4 * 0.7 / 2
            assertTrue(evidence.body().contains("threshold h = 1.40"), evidence.body());
            assertEquals(0, serve.terminate(), serve.output());
        }
    }
}
