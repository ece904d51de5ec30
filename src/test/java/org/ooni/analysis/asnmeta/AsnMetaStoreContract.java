package org.ooni.analysis.asnmeta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.Environment;
import org.ooni.analysis.cli.Main;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * The updater and the lookup against a real store, driven through {@code Main.run} with the map served by an
 * in-process HTTP server. Subclasses supply the store; every bad input checks the exit code, the exact error line
 * and that the live {@code asnmeta} table still holds the baseline load.
 */
abstract class AsnMetaStoreContract {
    /** Five rows for three ASNs, one of them above 2^31. */
    static final String BASELINE = """
            {"1": [["Level 3 Communications, Inc.", "US", "20040604", "LVLT-1", "ARIN"],
                   ["Level 3 Parent, LLC", "US", "20180220", "LVLT-1", "ARIN"]],
             "13335": [["CloudFlare, Inc.", "US", "20100714", "CLOUDFLARENET", "ARIN"],
                       ["Cloudflare, Inc.", "US", "20170222", "CLOUDFLARENET", "ARIN"]],
             "4294967295": [["Reserved", "", "20090101", "", "IANA"]]}
            """;
    static final Instant NOW = Instant.parse("2016-06-01T12:00:00Z");

    @TempDir
    Path tmp;
    AsOrgMapServer server;
    Path config;
    List<List<String>> baseline;

    /** The {@code --db} value of the store under test. */
    protected abstract String dbUrl();

    /** A fresh connection to the store under test, closed by the caller. */
    protected abstract Warehouse openStore();

    @BeforeEach
    void startServerAndLoadBaseline() throws IOException {
        server = new AsOrgMapServer();
        config = writeConfig(4096, 2, 1000);
        server.serve(bytes(BASELINE));
        Run first = run("update", "asnmeta", "--source", server.url("/map.json"));
        assertEquals(0, first.exit(), first.err());
        baseline = live();
        assertEquals(5, baseline.size());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- loading -------------------------------------------------------------------------------------------

    @Test
    void loadsOneRowPerHistoryEntryWithTypedValues() {
        assertEquals(List.of(
                List.of("1", "Level 3 Communications, Inc.", "US", "2004-06-04", "LVLT-1", "ARIN"),
                List.of("1", "Level 3 Parent, LLC", "US", "2018-02-20", "LVLT-1", "ARIN"),
                List.of("13335", "CloudFlare, Inc.", "US", "2010-07-14", "CLOUDFLARENET", "ARIN"),
                List.of("13335", "Cloudflare, Inc.", "US", "2017-02-22", "CLOUDFLARENET", "ARIN"),
                List.of("4294967295", "Reserved", "", "2009-01-01", "", "IANA")), baseline);
        try (Warehouse wh = openStore()) {
            assertTrue(wh.listTables().stream().noneMatch(t -> t.startsWith("asnmeta_stg_")),
                    "the staging table is dropped after the swap");
        }
    }

    @Test
    void theSameFileAgainIsUnchangedAndForceReloadsIt() {
        Run again = run("update", "asnmeta", "--source", server.url("/map.json"));
        assertEquals(0, again.exit(), again.err());
        assertEquals(List.of("ok 5", "unchanged 0"), recordedRuns());
        try (Warehouse wh = openStore()) {
            assertTrue(wh.listTables().stream().noneMatch(t -> t.startsWith("asnmeta_stg_")));
        }
        Run forced = run("update", "asnmeta", "--source", server.url("/map.json"), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(List.of("ok 5", "ok 5", "unchanged 0"), recordedRuns(), "a forced run loads the same file again");
        assertTrue(forced.out().contains("live table:     had 5 rows, now 5"), forced.out());
        assertEquals(baseline, live());
    }

    @Test
    void aChangedFileReplacesTheLiveTable() {
        server.serve(bytes("{\"15169\": [[\"Google LLC\", \"US\", \"20170913\", \"GOOGLE\", \"ARIN\"]], "
                + "\"3\": [], \"7\": [[\"A\", \"\", \"20000101\", \"\", \"RIPE\"], [\"B\", \"\", \"20010101\", \"\", \"RIPE\"]]}"));
        Run r = run("update", "asnmeta", "--source", server.url("/map.json"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(List.of("7", "A", "", "2000-01-01", "", "RIPE"), List.of("7", "B", "", "2001-01-01", "", "RIPE"),
                List.of("15169", "Google LLC", "US", "2017-09-13", "GOOGLE", "ARIN")), live());
        assertTrue(r.out().contains("ASNs:           3 (1 with more than one entry)"), r.out());
        assertTrue(r.out().contains("changed dates:  2000-01-01 .. 2017-09-13"), r.out());
    }

    @Test
    void dryRunValidatesAndWritesNothing() {
        server.serve(bytes("{\"7\": [[\"A\", \"\", \"20000101\", \"\", \"RIPE\"], [\"B\", \"\", \"20010101\", \"\", \"RIPE\"], "
                + "[\"C\", \"\", \"20020101\", \"\", \"RIPE\"], [\"D\", \"\", \"20030101\", \"\", \"RIPE\"]]}"));
        Run r = run("--dry-run", "update", "asnmeta", "--source", server.url("/map.json"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("asnmeta: dry-run from "), r.out());
        assertTrue(r.out().contains("rows loaded:    4 (dry run, not written)"), r.out());
        assertEquals(baseline, live());
        server.serve(bytes("{\"7\": [[\"A\", \"\", \"2000-01-01\", \"\", \"RIPE\"]]}"));
        assertFailsLeavingLiveUnchanged(run("--dry-run", "update", "asnmeta", "--source", server.url("/map.json")), 4,
                "error: invalid input: " + server.url("/map.json")
                        + ":1:18: $[\"7\"][0][2]: changed must be a date written YYYYMMDD, got \"2000-01-01\"");
    }

    @Test
    void aRetryAfterABodyCutShortStartsTheStagingTableAfresh() throws IOException {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        AsOrgMapGenerator.write(generated, 40, 7);
        server.serve(generated.toByteArray());
        Run r = run("update", "asnmeta", "--source", server.url("/flaky"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, server.flakyHits.get());
        assertEquals(40, live().size());
    }

    @Test
    void theLegacyFlagRunsTheUpdaterFromTheConfigFile() throws IOException {
        Files.writeString(config, Files.readString(config).replace("[asnmeta]",
                "[asnmeta]\nsource = \"" + server.url("/map.json") + "\""));
        server.serve(bytes(BASELINE.replace("Reserved", "Reserved by IANA")));
        Run r = run("--update-asnmeta");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("4294967295", "Reserved by IANA", "", "2009-01-01", "", "IANA"), live().get(4));
    }

    @Test
    void emitsTheOriginalMetrics() {
        Metrics metrics = Metrics.inMemory();
        try (Warehouse wh = openStore()) {
            JobContext ctx = new JobContext(() -> wh, metrics, Log.silent(), Clock.systemUTC(),
                    AnalysisConfig.defaults(), false, true);
            JobResult result = new AsnMetaUpdater(new AsnMetaSettings(server.url("/map.json"), 2L, 1000L),
                    new HttpSettings(null, null, 1, null, null, null)).run(ctx);
            assertEquals(Outcome.UPDATED, result.outcome());
            assertEquals(5, result.rows());
        }
        assertEquals(1, metrics.registry().get("asnmeta_updater.fetch_data").timer().count());
        assertEquals(5.0, metrics.registry().get("asnmeta_updater.asnmeta_tmp_len").gauge().value());
        // 0..4, as the original: starting, asnmeta_tmp recreated, fetched, filled, ready
        assertEquals(4.0, metrics.registry().get("asnmeta_updater.asnmeta_update_progress").gauge().value());
    }

    @Test
    void aMillionRowFileLoads() throws IOException {
        Path big = tmp.resolve("million.json");
        try (OutputStream out = Files.newOutputStream(big)) {
            AsOrgMapGenerator.write(out, 1_000_000, 11);
        }
        // The default bounds (100000, 1000000) exclude exactly one million rows, so this run widens them.
        config = writeConfig(256L << 20, 100_000, 2_000_000);
        Run r = run("update", "asnmeta", "--source", big.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("ok 1000000", "ok 5"), recordedRuns());
        try (Warehouse wh = openStore()) {
            assertEquals(1_000_000, wh.countRows("asnmeta"));
            List<List<String>> top = new ArrayList<>();
            wh.forEachRow("SELECT max(asn) FROM asnmeta", top::add);
            assertEquals("4294967295", top.get(0).get(0));
        }
        assertTrue(r.out().contains("ASNs:           " + distinctKeys(big) + " ("), r.out());
    }

    /** Counts the keys by reading the file line by line (the generator writes one ASN per line). */
    private static long distinctKeys(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith("\"")).count();
        }
    }

    // ---- bad inputs: exact error, exit code, live table unchanged -------------------------------------------

    @Test
    void aKeyThatIsNotAnAsnFails() {
        assertBadMap("{\"1\": [], \"AS2\": []}", 4, ":1:11: $[\"AS2\"]: key must be an ASN, a decimal integer in "
                + "0..4294967295 without sign or leading zeros, got \"AS2\"");
        assertBadMap("{\"4294967296\": []}", 4, ":1:2: $[\"4294967296\"]: key must be an ASN, a decimal integer in "
                + "0..4294967295 without sign or leading zeros, got \"4294967296\"");
    }

    @Test
    void anEntryThatIsNotFiveStringsFails() {
        assertBadMap("{\"1\": [[\"A\", \"US\", \"20000101\", \"A-AS\"]]}", 4, ":1:38: $[\"1\"][0]: an entry must have 5 "
                + "elements [org_name, cc, changed, aut_name, source], this one has 4");
        assertBadMap("{\"1\": [[\"A\", \"US\", 20000101, \"A-AS\", \"ARIN\"]]}", 4,
                ":1:20: $[\"1\"][0][2]: changed must be a string, found a number");
        assertBadMap("{\"1\": [\"A\"]}", 4, ":1:8: $[\"1\"][0]: an entry must be an array of 5 strings "
                + "[org_name, cc, changed, aut_name, source], found a string");
    }

    @Test
    void anInvalidDateFails() {
        assertBadMap("{\n\"13335\": [[\"A\", \"US\", \"20100714\", \"\", \"ARIN\"], [\"B\", \"US\", \"20170222\", \"\", \"ARIN\"],\n"
                        + "  [\"C\", \"US\", \"20190229\", \"\", \"ARIN\"]]}", 4,
                ":3:15: $[\"13335\"][2][2]: changed \"20190229\" is not a valid YYYYMMDD date");
    }

    @Test
    void truncatedJsonFails() {
        assertBadMap("{\"1\": [[\"A\", \"US\", \"20000101\", \"A-AS\", \"ARIN\"]", 4,
                ":1:47: $[\"1\"]: malformed JSON: Unexpected end-of-input: expected close marker for Array "
                        + "(start marker at [line: 1, column: 7])");
    }

    @Test
    void malformedJsonFails() {
        assertBadMap("{\"1\": [],}", 4, ":1:10: $: malformed JSON: Unexpected character ('}' (code 125)): "
                + "was expecting double-quote to start field name");
        assertBadMap("[]", 4, ":1:1: $: the document must be a JSON object mapping ASNs to lists of entries, found an array");
    }

    @Test
    void invalidUtf8Fails() {
        byte[] body = bytes("{\"1\": [[\"Caf\u00e9\", \"FR\", \"20000101\", \"A-AS\", \"RIPE\"]]}");
        int bad = "{\"1\": [[\"Caf".length();
        body[bad + 1] = (byte) '!'; // the second byte of the é: 0xC3 followed by ASCII is not UTF-8
        server.serve(body);
        assertFailsLeavingLiveUnchanged(run("update", "asnmeta", "--source", server.url("/map.json")), 4,
                "error: invalid input: " + server.url("/map.json") + ":1:" + (bad + 1) + ": $[\"1\"][0][0]: "
                        + "malformed JSON: invalid UTF-8: byte 0xC3 at byte offset " + bad);
    }

    @Test
    void tooFewRowsFail() {
        assertFailsLeavingLiveUnchanged(serveAndRun("{\"1\": [[\"A\", \"US\", \"20000101\", \"A-AS\", \"ARIN\"]]}"), 5,
                "error: sanity check failed: asnmeta row count: 1 is outside the bound (2, 1000)");
    }

    @Test
    void tooManyRowsFail() throws IOException {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        AsOrgMapGenerator.write(generated, 1000, 1);
        config = writeConfig(1 << 20, 2, 1000);
        server.serve(generated.toByteArray());
        assertFailsLeavingLiveUnchanged(run("update", "asnmeta", "--source", server.url("/map.json")), 5,
                "error: sanity check failed: asnmeta row count: 1000 is outside the bound (2, 1000)");
    }

    @Test
    void http404Fails() {
        assertFailsLeavingLiveUnchanged(fetch("/missing"), 3,
                "error: source unavailable: " + server.url("/missing") + ": HTTP status 404");
    }

    @Test
    void http500FailsAfterEveryAttempt() {
        assertFailsLeavingLiveUnchanged(fetch("/error"), 3,
                "error: source unavailable: " + server.url("/error") + ": HTTP status 500");
        assertEquals(2, server.errorHits.get());
    }

    @Test
    void aStalledBodyTimesOut() {
        assertFailsLeavingLiveUnchanged(fetch("/stall"), 3, "error: source unavailable: " + server.url("/stall")
                + ": HttpTimeoutException: no data received for 1 s (after 2 attempts)");
    }

    @Test
    void aSourceThatDripsFailsAtItsDeadlineAndNoSecretOfItsUrlIsWritten() throws IOException {
        Files.writeString(config, Files.readString(config).replace("[asnmeta]", "[asnmeta]\ndeadline_seconds = 2"));
        String secretUrl = server.url("/drip") + "?sig=SIGSECRET&X-Amz-Signature=AMZSECRET&page=1";
        long start = System.nanoTime();
        Run r = run("update", "asnmeta", "--source", secretUrl);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertFailsLeavingLiveUnchanged(r, 3, "error: source unavailable: " + server.url("/drip")
                + "?sig=***&X-Amz-Signature=***&page=1: no complete answer within the deadline of 2 s"
                + " ([asnmeta] deadline_seconds)");
        assertTrue(seconds < 10, "held for " + seconds + " s");
        String history = jobRunsErrors();
        assertTrue(history.contains("no complete answer within the deadline"), history);
        for (String written : List.of(r.out(), r.err(), history)) {
            assertFalse(written.contains("SECRET"), written);
        }
    }

    @Test
    void secretsInTheSourceUrlAreMaskedInEveryLine() {
        String secretUrl = server.url("/map.json") + "?X-Amz-Credential=AKIDSECRET&sig=SIGSECRET";
        Run r = run("--verbose", "update", "asnmeta", "--force", "--source", secretUrl);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("?X-Amz-Credential=***&sig=***"), r.err());
        assertFalse((r.out() + r.err() + jobRunsErrors()).contains("SECRET"), r.out() + r.err());
        Run missing = run("--verbose", "update", "asnmeta", "--source",
                server.url("/missing") + "?token=TOKSECRET");
        assertEquals(3, missing.exit());
        assertEquals("error: source unavailable: " + server.url("/missing") + "?token=***: HTTP status 404",
                errorLine(missing));
        assertFalse((missing.out() + missing.err() + jobRunsErrors()).contains("SECRET"), missing.err());
    }

    @Test
    void aBodyCutShortFails() {
        server.serve(bytes(BASELINE.replace("Reserved", "Changed")));
        Run r = fetch("/truncated");
        String line = errorLine(r);
        assertTrue(line.startsWith("error: source unavailable: " + server.url("/truncated") + ": IOException: "), line);
        assertTrue(line.endsWith(" (after 2 attempts)"), line);
        assertFailsLeavingLiveUnchanged(r, 3, line);
    }

    @Test
    void anOversizedBodyFails() throws IOException {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        AsOrgMapGenerator.write(generated, 200, 3);
        assertTrue(generated.size() > 4096);
        server.serve(generated.toByteArray());
        assertFailsLeavingLiveUnchanged(fetch("/oversized"), 3, "error: source unavailable: " + server.url("/oversized")
                + ": response body exceeds the limit of 4096 bytes");
        assertFailsLeavingLiveUnchanged(fetch("/oversized-chunked"), 3, "error: source unavailable: "
                + server.url("/oversized-chunked") + ": response body exceeds the limit of 4096 bytes");
    }

    @Test
    void aMissingLocalFileFails() {
        String missing = tmp.resolve("nope.json").toString();
        assertFailsLeavingLiveUnchanged(run("update", "asnmeta", "--source", missing), 3,
                "error: source unavailable: " + missing + ": no such file");
    }

    // ---- lookup --------------------------------------------------------------------------------------------

    @Test
    void lookupGivesTheNameValidAtTheDate() {
        assertEquals("Unknown", lookup("13335", "--date", "2010-07-13"));
        assertEquals("CloudFlare, Inc.", lookup("13335", "--date", "2010-07-14"));
        assertEquals("CloudFlare, Inc.", lookup("13335", "--date", "2017-02-21"));
        assertEquals("Cloudflare, Inc.", lookup("AS13335", "--date", "2017-02-22"));
        assertEquals("Level 3 Parent, LLC", lookup("1", "--date", "2030-01-01"));
        assertEquals("Reserved", lookup("4294967295", "--date", "2020-01-01"));
        assertEquals("Unknown", lookup("2", "--date", "2020-01-01"));
    }

    @Test
    void lookupDefaultsToToday() {
        // The environment's clock says 2016-06-01: before the 2017 and 2018 renames.
        assertEquals("Level 3 Communications, Inc.", lookup("1"));
        assertEquals("CloudFlare, Inc.", lookup("13335"));
    }

    @Test
    void lookupRejectsBadArguments() {
        Run r = run("asnmeta", "lookup", "4294967296");
        assertEquals(2, r.exit());
        assertEquals("error: usage error: ASN must be a decimal number in 0..4294967295 (optionally prefixed AS), "
                + "not '4294967296'", errorLine(r));
        r = run("asnmeta", "lookup", "1", "--date", "2019-02-29");
        assertEquals(2, r.exit());
        assertEquals("error: usage error: --date must be a valid date written YYYY-MM-DD, not '2019-02-29'", errorLine(r));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--db", dbUrl(), "--config", config.toString()));
        all.addAll(List.of(args));
        Environment env = new Environment(Map.of(), printStream(out), printStream(err),
                Clock.fixed(NOW, ZoneOffset.UTC));
        int exit = Main.run(all.toArray(String[]::new), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream printStream(OutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    String lookup(String... args) {
        List<String> all = new ArrayList<>(List.of("asnmeta", "lookup"));
        all.addAll(List.of(args));
        Run r = run(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }

    Run fetch(String path) {
        return run("update", "asnmeta", "--source", server.url(path));
    }

    Run serveAndRun(String json) {
        server.serve(bytes(json));
        return run("update", "asnmeta", "--source", server.url("/map.json"));
    }

    void assertBadMap(String json, int exit, String locationAndRule) {
        assertFailsLeavingLiveUnchanged(serveAndRun(json), exit,
                "error: invalid input: " + server.url("/map.json") + locationAndRule);
    }

    void assertFailsLeavingLiveUnchanged(Run r, int exit, String errorLine) {
        assertEquals(errorLine, errorLine(r));
        assertEquals(exit, r.exit(), r.err());
        assertEquals(baseline, live(), "the live asnmeta table is unchanged");
    }

    static String errorLine(Run r) {
        List<String> lines = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, lines.size(), r.err());
        return lines.get(0);
    }

    /** The asnmeta runs job_runs holds, as "outcome rows_written", sorted (runs of one second tie on started). */
    List<String> recordedRuns() {
        try (Warehouse wh = openStore()) {
            List<String> runs = new ArrayList<>();
            wh.forEachRow("SELECT outcome, rows_written FROM job_runs WHERE job = 'asnmeta'",
                    r -> runs.add(r.get(0) + " " + r.get(1)));
            runs.sort(null);
            return runs;
        }
    }

    /** Every error text job_runs holds for this job, one per line. */
    String jobRunsErrors() {
        try (Warehouse wh = openStore()) {
            StringBuilder all = new StringBuilder();
            wh.forEachRow("SELECT error FROM job_runs WHERE job = 'asnmeta'", row -> all.append(row.get(0)).append('\n'));
            return all.toString();
        }
    }

    List<List<String>> live() {
        try (Warehouse wh = openStore()) {
            List<List<String>> rows = new ArrayList<>();
            wh.forEachRow("SELECT asn, org_name, cc, changed, aut_name, source FROM asnmeta "
                    + "ORDER BY asn, changed, org_name", rows::add);
            return rows;
        }
    }

    Path writeConfig(long maxBodyBytes, long minRows, long maxRows) throws IOException {
        Path file = tmp.resolve("analysis-" + maxBodyBytes + ".toml");
        Files.writeString(file, """
                [statsd]
                enabled = false
                [http]
                connect_timeout_seconds = 2
                read_timeout_seconds = 1
                attempts = 2
                backoff_millis = 10
                max_body_bytes = %d
                [asnmeta]
                min_rows = %d
                max_rows = %d
                """.formatted(maxBodyBytes, minRows, maxRows));
        assertNotNull(file);
        return file;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
