package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.FailingWarehouse;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Every way the citizenlab job can fail, each checked for its error class, its one-line message, its exit code,
 * and for a live table that still holds exactly the rows of the last good load.
 */
abstract class CitizenLabFailureContract extends CitizenLabStoreTestBase {
    List<String> baseline;

    @BeforeEach
    void loadBaseline() {
        CliRun.Result r = cli("update", "citizenlab");
        assertEquals(0, r.exitCode(), r.err());
        baseline = rows("citizenlab");
        assertEquals(VALID, baseline.size());
    }

    /** Runs the job directly (to see the exception class) against the given store. */
    private AnalysisException failDirectly(Class<? extends AnalysisException> type, CitizenLabSettings settings,
                                           Warehouse wh) {
        JobContext ctx = new JobContext(() -> wh, Metrics.inMemory(), Log.silent(), Clock.systemUTC(),
                AnalysisConfig.defaults(), false, true);
        return assertThrows(type, () -> new CitizenLabUpdater(settings).run(ctx));
    }

    private CitizenLabSettings settings(String source) {
        return new CitizenLabSettings(source, false, 100L, 1_000_000L, 10, null, 0);
    }

    private void assertFails(int exit, String errorLine, String... args) {
        CliRun.Result r = cli(args);
        assertEquals(exit, r.exitCode(), r.err());
        assertEquals(errorLine, r.errorLine());
        assertEquals(baseline, rows("citizenlab"), "live table unchanged");
    }

    @Test
    void unreachableSource() {
        String url = "http://127.0.0.1:9/test-lists.git";
        try (Warehouse wh = open()) {
            assertTrue(failDirectly(SourceUnavailable.class, settings(url), wh).getMessage().startsWith(url + ": git: "));
        }
        CliRun.Result r = cli("update", "citizenlab", "--source", url);
        assertEquals(3, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: source unavailable: " + url + ": git: "), r.errorLine());
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void folderThatIsNotAGitRepository() throws Exception {
        Path notRepo = Files.createDirectories(tmp.resolve("not-a-repo"));
        Files.writeString(notRepo.resolve("README"), "hello");
        assertFails(3, "error: source unavailable: " + notRepo + ": not a git repository and has no lists/ folder",
                "update", "citizenlab", "--source", notRepo.toString());
        String url = notRepo.toUri().toString();
        CliRun.Result r = cli("update", "citizenlab", "--source", url);
        assertEquals(3, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: source unavailable: " + url + ": git: "), r.errorLine());
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void badHeader() throws Exception {
        repo.replace("ir.csv", "url,category,date\nhttps://x.example.com/,NEWS,2020-01-01\n".getBytes(StandardCharsets.UTF_8));
        try (Warehouse wh = open()) {
            InvalidInput e = (InvalidInput) failDirectly(InvalidInput.class, settings(repo.fileUrl()), wh);
            assertEquals("lists/ir.csv", e.file());
            assertEquals(1, e.line());
        }
        assertFails(4, "error: invalid input: lists/ir.csv:1:1: header is 'url,category,date', expected "
                + "'url,category_code,category_description,date_added,source,notes'", "update", "citizenlab");
    }

    @Test
    void fileThatIsNotUtf8() throws Exception {
        byte[] latin1 = ("url,category_code,category_description,date_added,source,notes\n"
                + "https://ok.example.de/,NEWS,News Media,2020-01-01,x,\n"
                + "https://ok.example.de/caf\u00e9,NEWS,News Media,2020-01-01,x,\n").getBytes(StandardCharsets.ISO_8859_1);
        repo.replace("de.csv", latin1);
        assertFails(4, "error: invalid input: lists/de.csv:3:26: not valid UTF-8 (byte offset 141)",
                "update", "citizenlab");
    }

    @Test
    void emptyListsFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty/lists"));
        assertFails(4, "error: invalid input: lists/: the source has no lists/ folder or it is empty",
                "update", "citizenlab", "--source", empty.getParent().toString());
    }

    @Test
    void tooFewRows() throws Exception {
        Files.writeString(config, Files.readString(config).replace("min_rows = 100", "min_rows = 5000"));
        try (Warehouse wh = open()) {
            SanityCheckFailed e = (SanityCheckFailed) failDirectly(SanityCheckFailed.class,
                    new CitizenLabSettings(repo.fileUrl(), false, 5_000L, 1_000_000L, 10, null, 0), wh);
            assertEquals(VALID, e.figure());
        }
        assertFails(5, "error: sanity check failed: citizenlab row count: " + VALID
                + " is outside the bound (5000, 1000000)", "update", "citizenlab", "--force");
    }

    @Test
    void storeFailingDuringTheInsert() {
        try (Warehouse wh = new FailingWarehouse(open(), 1_000)) {
            StoreError e = (StoreError) failDirectly(StoreError.class, settings(repo.fileUrl()), wh);
            assertTrue(e.getMessage().matches(".*injected failure after 1000 rows into citizenlab_stg_[0-9a-f]{12}.*"),
                    e.getMessage());
        }
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void processKilledBetweenInsertAndSwap() throws Exception {
        repo.append("ir.csv", "https://killed.example.ir/,NEWS,News Media,2024-01-02,test,");
        Path pausing = tmp.resolve("pausing.toml");
        Files.writeString(pausing, Files.readString(config) + "debug_pause_before_swap_seconds = 60\n");
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "org.ooni.analysis.cli.Main", "--config", pausing.toString(), "--db", dbUrl(), "--stdout",
                "update", "citizenlab")
                .redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.add(line);
                if (line.contains("pausing 60 s before the swap")) {
                    break;
                }
            }
            assertTrue(seen.stream().anyMatch(l -> l.contains("wrote " + (VALID + 1) + " rows to citizenlab_stg_")),
                    String.join("\n", seen));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(baseline, rows("citizenlab"), "the live table is untouched by the killed run");
        CliRun.Result rerun = cli("update", "citizenlab");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rows("citizenlab").contains("killed.example.ir|https://killed.example.ir/|ir|NEWS"));
        assertEquals(List.of(), tablesStartingWith("citizenlab_stg_"), "the killed run's staging table is cleaned up");
    }

    private Warehouse open() {
        return Warehouses.open(StoreUrl.parse(dbUrl()), false);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
