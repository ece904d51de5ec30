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
import org.ooni.analysis.cli.CliRun;
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
        }
    }

    /**
     * Why {@code daemon --serve} exists: while a separate {@code serve} holds a DuckDB file, a job in another process
     * cannot open it to write; it fails with exit 6, the holder's pid, and what to do instead, and writes nothing.
     */
    @Test
    void aJobCannotWriteADuckDbFileThatServeHoldsAndSaysWhatToDo() throws Exception {
        String db = "duckdb:" + tmp.resolve("held.duckdb");
        Warehouses.open(StoreUrl.parse(db), false).close();
        try (ChildProcess serve = ChildProcess.cli("--db", db, "serve", "--port", "0")) {
            serve.awaitLine("serve: listening on http://127.0.0.1:");
            CliRun.Result job = CliRun.run("--db", db, "update", "citizenlab", "--source",
                    Path.of("examples/test-lists").toAbsolutePath().toString());
            assertEquals(6, job.exitCode(), job.err());
            assertTrue(job.errorLine().startsWith("error: store error: " + db + ": cannot open: IO Error: Could not "
                    + "set lock on file"), job.errorLine());
            assertTrue(job.errorLine().contains("(PID " + serve.pid() + ")"), job.errorLine());
            assertTrue(job.errorLine().endsWith("(another process has this DuckDB file open, e.g. a daemon or serve: "
                    + "only one process can hold a file that is written; run the API inside the daemon with "
                    + "'daemon --serve', see docs/daemon.md)"), job.errorLine());
            assertEquals(0, serve.terminate(), serve.output());
        }
        try (var wh = Warehouses.open(StoreUrl.parse(db), true)) {
            assertTrue(!wh.tableExists("citizenlab"), "nothing was written");
        }
    }
}
