package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The daemon as a real process on one back end: it catches up a run missed since the last recorded one, and on
 * SIGTERM either lets the run finish within the grace period or aborts it after; either way it exits 0 and the
 * live table holds either the old rows or the new ones, never a mix.
 */
abstract class DaemonProcessContract {
    static final Instant LAST_RUN = Instant.parse("2024-01-01T00:10:00Z");

    @TempDir
    Path tmp;

    abstract String dbUrl();

    @BeforeEach
    void loadSmallLiveTableLongAgo() throws Exception {
        // The live table before the daemon starts: only the global list, loaded by the real job "long ago".
        Path lists = Files.createDirectories(tmp.resolve("small/lists"));
        for (String f : List.of("00-LEGEND-new_category_codes.csv", "global.csv")) {
            Files.copy(Path.of("examples/test-lists/lists").resolve(f), lists.resolve(f));
        }
        Path small = tmp.resolve("small.toml");
        Files.writeString(small, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                """.formatted(tmp.resolve("small")));
        CliRun.Result load = CliRun.run(Map.of(), Clock.fixed(LAST_RUN, ZoneOffset.UTC), "--config", small.toString(),
                "--db", dbUrl(), "update", "citizenlab");
        assertEquals(0, load.exitCode(), load.err());
    }

    /** A config that schedules citizenlab alone (backup and geoip are left to their unconfigured defaults). */
    Path daemonConfig(int pauseSeconds, int graceSeconds) throws Exception {
        Path config = tmp.resolve("daemon.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                debug_pause_before_swap_seconds = %d
                [schedule]
                fingerprints = ""
                asnmeta = ""
                detect = ""
                [daemon]
                grace_seconds = %d
                lock_dir = "%s"
                """.formatted(Path.of("examples/test-lists").toAbsolutePath(), pauseSeconds, graceSeconds,
                tmp.resolve("locks")));
        return config;
    }

    List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), false)) {
            wh.forEachRow(sql, r -> rows.add(String.join(" ", r)));
        }
        return rows;
    }

    List<String> tables() {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), false)) {
            return wh.listTables();
        }
    }

    boolean tableExists(String table) {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), false)) {
            return wh.tableExists(table);
        }
    }

    List<String> liveRows() {
        return rows("SELECT url, cc FROM citizenlab ORDER BY url, cc");
    }

    List<String> citizenlabRuns() {
        return rows("SELECT outcome, error FROM job_runs WHERE job = 'citizenlab' ORDER BY started, finished");
    }

    /**
     * The runs that were not skipped: a run that pauses before its swap across :00 or :30 (the schedule's ticks)
     * makes the daemon record that tick as skipped because the run is still going, which is right but depends on
     * the minute the test happens to start in.
     */
    List<String> citizenlabRunsNotSkippedWhileRunning() {
        return citizenlabRuns().stream()
                .filter(r -> !r.startsWith("skipped skipped by the daemon: previous run (started "))
                .toList();
    }

    @Test
    void sigtermDuringARunAbortsItAfterTheGracePeriodLeavesLiveDataAndExitsZero() throws Exception {
        List<String> live = liveRows();
        try (ChildProcess daemon = ChildProcess.cli("--config", daemonConfig(60, 1).toString(), "--db", dbUrl(),
                "daemon")) {
            daemon.awaitLine("daemon: citizenlab: schedule '*/30 * * * *' (UTC)");
            daemon.awaitLine("; missed the run of 2024-01-01T00:30:00Z (last run started 2024-01-01T00:10:00Z), "
                    + "running once at ");
            daemon.awaitLine("citizenlab: pausing 60 s before the swap");
            assertEquals(0, daemon.terminate(), daemon.output());
            String out = daemon.output();
            assertTrue(out.contains("WARN daemon: backup: not scheduled: no [backup.destinations] or no "
                    + "[backup.tables] in "), out);
            assertTrue(out.contains("WARN daemon: geoip: not scheduled: [geoip] enabled is false"), out);
            assertTrue(out.contains("INFO daemon: fingerprints: not scheduled ([schedule] fingerprints is empty)"), out);
        }
        // the exit code, the run's job_runs row and the tables say what the daemon's log lines said
        assertEquals(live, liveRows(), "live table untouched");
        assertTrue(tables().stream().noneMatch(t -> t.startsWith("citizenlab_stg_")), "staging table dropped");
        assertEquals(List.of("ok ", "failed shutdown: aborted by SIGTERM after the 1 s grace period (interrupted "
                + "before the swap)"), citizenlabRuns());
    }

    @Test
    void sigtermDuringARunLetsItFinishWithinTheGracePeriod() throws Exception {
        List<String> live = liveRows();
        try (ChildProcess daemon = ChildProcess.cli("--config", daemonConfig(5, 60).toString(), "--db", dbUrl(),
                "daemon")) {
            daemon.awaitLine("citizenlab: pausing 5 s before the swap");
            assertEquals(0, daemon.terminate(), daemon.output());
        }
        // waited for the run: it swapped and was recorded ok, though SIGTERM came while it paused
        List<String> after = liveRows();
        assertTrue(after.size() > live.size() && after.containsAll(live), "the run swapped in the full lists");
        assertTrue(after.stream().anyMatch(r -> r.endsWith(" ir")), "country lists loaded too");
        assertEquals(List.of("ok ", "ok "), citizenlabRunsNotSkippedWhileRunning());
    }

    /**
     * {@code daemon --serve}: the API answers from the same process while a job holds the store (on DuckDB the only
     * way to run both, since a second process cannot open the file), sees the new rows once the run swapped them
     * in, and the process still exits 0 on SIGTERM.
     */
    @Test
    void daemonWithServeAnswersTheApiBeforeAndAfterItsRunsSwap() throws Exception {
        try (ChildProcess daemon = ChildProcess.cli("--config", daemonConfig(3, 60).toString(), "--db", dbUrl(),
                "daemon", "--serve", "--port", "0")) {
            String started = daemon.awaitLine("daemon: started with ");
            Matcher port = Pattern.compile("read API on http://127\\.0\\.0\\.1:(\\d+)").matcher(started);
            assertTrue(port.find(), started);
            String urls = "http://127.0.0.1:" + port.group(1) + "/api/v1/test-list/urls?country_code=IR&limit=-1";
            daemon.awaitLine("citizenlab: pausing 3 s before the swap");
            HttpResponse<String> during = get(urls);
            assertEquals(200, during.statusCode(), during.body());
            assertFalse(during.body().contains("\"country_code\":\"IR\""), "only the global rows before the swap: "
                    + during.body());
            assertTrue(during.body().contains("\"country_code\":\"XX\""), during.body());
            daemon.awaitLine("INFO citizenlab: updated");
            HttpResponse<String> after = get(urls);
            assertEquals(200, after.statusCode(), after.body());
            assertTrue(after.body().contains("\"country_code\":\"IR\""), "the Iranian list after the swap: "
                    + after.body());
            assertEquals(0, daemon.terminate(), daemon.output());
        }
        assertEquals(List.of("ok ", "ok "), citizenlabRunsNotSkippedWhileRunning());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
