package org.ooni.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.citizenlab.SyntheticTestLists;

/** The command line contract: help, version, exit codes, option precedence, legacy flags, credential masking. */
class CommandLineTest {
    @TempDir
    Path tmp;
    Path lists;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        lists = tmp.resolve("tree");
        SyntheticTestLists.write(lists, 200, List.of("ir"), 0, 1L);
        config = tmp.resolve("a.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                """.formatted(lists));
    }

    @Test
    void helpListsTheCommands() {
        CliRun.Result r = CliRun.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("update"));
        assertTrue(r.out().contains("query"));
        assertTrue(r.out().contains("--update-citizenlab"));
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun.Result r = CliRun.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("ooni-analysis \\d+\\.\\d+\\.\\d+.*\\R"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, CliRun.run("update", "citizenlab", "--no-such-option").exitCode());
    }

    @Test
    void malformedDbUrlIsAUsageErrorOnOneLine() {
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "postgres://x", "update", "citizenlab");
        assertEquals(2, r.exitCode());
        assertEquals("error: usage error: unsupported --db URL postgres://x (expected duckdb:PATH or "
                + "clickhouse://HOST:PORT/DATABASE, with USER:PASSWORD@ before HOST if needed)", r.err().strip());
    }

    @Test
    void dbComesFromFlagThenEnvironmentThenConfigFile() throws Exception {
        Path fromFile = tmp.resolve("file.duckdb");
        Path fromEnv = tmp.resolve("env.duckdb");
        Path fromFlag = tmp.resolve("flag.duckdb");
        Files.writeString(config, Files.readString(config) + "[store]\ndb = \"duckdb:" + fromFile + "\"\n");
        Map<String, String> env = Map.of("OONI_ANALYSIS_DB", "duckdb:" + fromEnv);

        assertEquals(0, CliRun.run("--config", config.toString(), "update", "citizenlab").exitCode());
        assertTrue(Files.exists(fromFile));
        assertEquals(0, CliRun.run(env, Clock.systemUTC(), "--config", config.toString(), "update", "citizenlab")
                .exitCode());
        assertTrue(Files.exists(fromEnv));
        assertEquals(0, CliRun.run(env, Clock.systemUTC(), "--config", config.toString(), "--db", "duckdb:" + fromFlag,
                "update", "citizenlab").exitCode());
        assertTrue(Files.exists(fromFlag));
    }

    @Test
    void legacyFlagsMapOntoTheNewCommands() {
        Path db = tmp.resolve("legacy.duckdb");
        CliRun.Result r = CliRun.run("--config", config.toString(), "--update-citizenlab", "--devel",
                "--db-uri", "duckdb:" + db);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("INFO  citizenlab: start (store duckdb:" + db + ", run "), "--devel logs to stdout");
        CliRun.Result q = CliRun.run("--db", "duckdb:" + db, "query", "SELECT count(*) AS n FROM citizenlab");
        assertEquals("n\n200\n", q.out());
    }

    @Test
    void legacyFlagsForUpdatersNotYetBuiltFailClearly() {
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("x.duckdb"),
                "--update-citizenlab", "--update-asnmeta");
        if (r.exitCode() == 2) {
            assertTrue(r.err().contains("no updater named 'asnmeta'"), r.err());
        }
    }

    @Test
    void withoutStdoutLogLinesArePlainAndOnStderr() {
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("j.duckdb"),
                "update", "citizenlab");
        assertEquals(0, r.exitCode());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("INFO citizenlab: start")), r.err());
        assertFalse(r.out().contains("INFO"), "stdout holds only the summary");
    }

    @Test
    void passwordsNeverAppearInErrors() {
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db",
                "clickhouse://ooni:hunter2@127.0.0.1:9/ooni", "--verbose", "update", "citizenlab");
        assertEquals(6, r.exitCode(), r.err());
        assertFalse(r.out().contains("hunter2"));
        assertTrue(r.errorLine().contains("clickhouse://ooni:***@127.0.0.1:9/ooni"), r.errorLine());
        assertFalse(r.errorLine().contains("hunter2"), r.errorLine());
    }

    @Test
    void queryIsReadOnlyAndPrintsTsvWithHeader() {
        Path db = tmp.resolve("q.duckdb");
        assertEquals(0, CliRun.run("--config", config.toString(), "--db", "duckdb:" + db, "update", "citizenlab")
                .exitCode());
        CliRun.Result q = CliRun.run("--db", "duckdb:" + db, "query",
                "SELECT cc, count(*) AS n, 'a\tb' AS t FROM citizenlab GROUP BY cc ORDER BY cc");
        assertEquals(0, q.exitCode(), q.err());
        assertEquals("cc\tn\tt\nZZ\t40\ta\\tb\nir\t160\ta\\tb\n", q.out());
        CliRun.Result write = CliRun.run("--db", "duckdb:" + db, "query", "DELETE FROM citizenlab");
        assertEquals(6, write.exitCode());
        assertTrue(write.errorLine().startsWith("error: store error: duckdb:" + db + ": query: "), write.errorLine());
        assertEquals("n\n200\n", CliRun.run("--db", "duckdb:" + db, "query", "SELECT count(*) AS n FROM citizenlab").out());
    }

    @Test
    void updateAllContinuesPastAFailureAndExitsNonZero() throws Exception {
        Files.writeString(config, Files.readString(config).replace("min_rows = 10", "min_rows = 100000"));
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("all.duckdb"),
                "update", "all");
        assertEquals(5, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: citizenlab: sanity check failed: citizenlab row count: 200"),
                r.errorLine());
    }

    @Test
    void missingConfigFileIsAUsageError() {
        CliRun.Result r = CliRun.run("--config", tmp.resolve("nope.toml").toString(), "update", "citizenlab");
        assertEquals(2, r.exitCode());
        assertEquals("error: usage error: config file not found: " + tmp.resolve("nope.toml"), r.err().strip());
    }

    @Test
    void unknownConfigKeyIsReportedByName() throws Exception {
        Files.writeString(config, Files.readString(config) + "min_rowz = 3\n");
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("k.duckdb"),
                "update", "citizenlab");
        assertEquals(4, r.exitCode());
        assertTrue(r.errorLine().endsWith("unknown key 'min_rowz' in [citizenlab]"), r.errorLine());
    }
}
