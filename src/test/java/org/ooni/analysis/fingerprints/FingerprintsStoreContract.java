package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The fingerprint updater and matcher against a real store, driven through {@code Main.run} with the files served by
 * an in-process HTTP server. One subclass per back end.
 */
abstract class FingerprintsStoreContract {
    static final HttpSettings HTTP = new HttpSettings(2, 1, 3, 10L, 200_000L, "ooni-analysis-test");

    @TempDir
    Path dir;
    FingerprintHttpServer server;
    Path config;
    String db;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Fingerprint> dnsV1;
    List<Fingerprint> httpV1;

    /** The {@code --db} value of the store under test. */
    protected abstract String dbUrl(Path tempDir);

    @BeforeEach
    void start() throws IOException {
        db = dbUrl(dir);
        server = new FingerprintHttpServer();
        config = writeConfig("max_rows = 50000");
        dnsV1 = SyntheticFingerprints.dns(120, 1);
        httpV1 = SyntheticFingerprints.http(130, 2);
        serve("dns_v1.csv", dnsV1);
        serve("http_v1.csv", httpV1);
        serve("dns_v2.csv", SyntheticFingerprints.dns(125, 3));
        serve("http_v2.csv", SyntheticFingerprints.http(135, 4));
        try (Warehouse wh = open()) {
            for (FingerprintKind kind : FingerprintKind.values()) {
                wh.dropTableIfExists(kind.liveTable());
                wh.listTables().stream().filter(t -> t.startsWith(kind.liveTable() + "_stg_"))
                        .forEach(wh::dropTableIfExists);
            }
            wh.writeState(FingerprintTables.STATE_KEY, "reset");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path writeConfig(String extra) throws IOException {
        Path file = Files.createTempFile(dir, "analysis", ".toml");
        Files.writeString(file, "[statsd]\nenabled = false\n[http]\nconnect_timeout_seconds = 2\n"
                + "read_timeout_seconds = 1\nattempts = 3\nbackoff_millis = 10\nmax_body_bytes = 200000\n"
                + "user_agent = \"ooni-analysis-test\"\n[fingerprints]\nmin_rows = 100\n" + extra + "\n");
        return file;
    }

    void serve(String name, List<Fingerprint> rows) {
        server.put(name, SyntheticFingerprints.toCsv(rows).getBytes(StandardCharsets.UTF_8));
    }

    String file(String name) {
        return server.url("/files/" + name);
    }

    Warehouse open() {
        return Warehouses.open(StoreUrl.parse(db), false);
    }

    int cli(Path configFile, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("--db", db, "--config", configFile.toString()));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new), new Environment(Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC()));
    }

    int cli(String... args) {
        return cli(config, args);
    }

    /** Runs the CLI with {@code stdin} as its standard input. */
    int cliWithStdin(byte[] stdin, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("--db", db, "--config", config.toString()));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new), new Environment(Map.of(), new java.io.ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC()));
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    int update(String dnsUrl, String httpUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("update", "fingerprints", "--dns-url", dnsUrl, "--http-url", httpUrl));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    /** The fingerprints runs job_runs holds, as "outcome rows_written", sorted (runs of one second tie). */
    List<String> recordedRuns() {
        List<String> runs = new ArrayList<>();
        try (Warehouse wh = open()) {
            wh.forEachRow("SELECT outcome, rows_written FROM job_runs WHERE job = 'fingerprints'",
                    r -> runs.add(r.get(0) + " " + r.get(1)));
        }
        runs.sort(null);
        return runs;
    }

    /** How many rows the live tables hold together. */
    int liveRows() {
        return snapshot().values().stream().mapToInt(List::size).sum();
    }

    void loadV1() {
        assertEquals(0, update(file("dns_v1.csv"), file("http_v1.csv")), stderr());
    }

    /** Every row of both live tables (null for a table that does not exist), as text, by name. */
    Map<String, List<List<String>>> snapshot() {
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        try (Warehouse wh = open()) {
            for (FingerprintKind kind : FingerprintKind.values()) {
                if (!wh.tableExists(kind.liveTable())) {
                    tables.put(kind.liveTable(), null);
                    continue;
                }
                List<List<String>> rows = new ArrayList<>();
                wh.forEachRow("SELECT " + String.join(", ", FingerprintTables.HEADER) + " FROM " + kind.liveTable()
                        + " ORDER BY name", rows::add);
                tables.put(kind.liveTable(), rows);
            }
        }
        return tables;
    }

    static List<List<String>> rows(List<Fingerprint> fingerprints) {
        return fingerprints.stream().sorted(java.util.Comparator.comparing(Fingerprint::name))
                .map(f -> java.util.Arrays.stream(f.toRow()).map(String::valueOf).toList()).toList();
    }

    JobResult runJob(Warehouse wh, String dnsUrl, String httpUrl, long maxRows, Metrics metrics, boolean dryRun,
                     boolean force) {
        FingerprintsUpdater job = new FingerprintsUpdater(new FingerprintsSettings(dnsUrl, httpUrl, 100L, maxRows), HTTP);
        return job.run(new JobContext(() -> wh, metrics, Log.silent(), Clock.systemUTC(), AnalysisConfig.defaults(),
                dryRun, force));
    }

    /**
     * A bad input fails the CLI with the exit code and message, the job itself with the exact error class, and
     * leaves both live tables as they were.
     */
    <T extends AnalysisException> T assertRejected(Class<T> type, int exit, String message, String dnsUrl,
                                                   String httpUrl, long maxRows, Path configFile) {
        Map<String, List<List<String>>> before = snapshot();
        assertEquals(exit, cli(configFile, "update", "fingerprints", "--dns-url", dnsUrl, "--http-url", httpUrl,
                "--force"), stderr());
        assertTrue(stderr().contains("error: ") && stderr().contains(message), stderr());
        T e;
        try (Warehouse wh = open()) {
            e = assertThrows(type, () -> runJob(wh, dnsUrl, httpUrl, maxRows, Metrics.inMemory(), false, true));
        }
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(exit, e.exitCode());
        assertEquals(before, snapshot(), "live tables changed");
        return e;
    }

    <T extends AnalysisException> T assertRejected(Class<T> type, int exit, String message, String dnsUrl,
                                                   String httpUrl) {
        return assertRejected(type, exit, message, dnsUrl, httpUrl, 50_000, config);
    }

    @Test
    void loadsBothTablesExactly() {
        loadV1();
        Map<String, List<List<String>>> live = snapshot();
        assertEquals(rows(dnsV1), live.get("fingerprints_dns"));
        assertEquals(rows(httpV1), live.get("fingerprints_http"));
        // the multi-line pattern with its CRLF and quotes came through byte for byte
        assertTrue(live.get("fingerprints_http").stream()
                .anyMatch(r -> r.get(5).equals("<div class=\"blocked\">\r\n<h1>Access denied</h1>")));
        String s = stdout();
        assertTrue(s.contains("fingerprints: updated"), s);
        assertTrue(s.contains("fingerprints_dns.csv: 120 rows -> fingerprints_dns"), s);
        assertTrue(s.contains("fingerprints_http.csv: 130 rows -> fingerprints_http"), s);
        assertTrue(s.contains("  regexp patterns no engine compiles (the matcher skips them): 0\n"), s);
        assertTrue(s.contains("  regexp patterns that need backtracking (matched under a step budget): 1 ("
                + httpV1.get(3).name() + ")\n"), s);
        assertTrue(stderr().contains("WARN fingerprints: fingerprints_http.csv:6: fingerprint " + httpV1.get(3).name()
                + ": pattern needs a backtracking engine (RE2: invalid or unsupported Perl syntax: (?P); matched with "
                + "a budget of 4 steps per body byte, counted as not matched past it\n"), stderr());
        assertTrue(server.userAgents.stream().allMatch("ooni-analysis-test"::equals), server.userAgents.toString());
    }

    /**
     * The case: {@code (a+)+$} and friends in the live table, a body of 100,000 {@code a} and a {@code b}.
     * The updater flags the ones that need backtracking; the matcher answers: {@code (a+)+\1c$} through its linear
     * screen, while the lookahead, whose screen the body gets past, gives up and is reported once.
     */
    @Test
    void hostilePatternsAreFlaggedAtLoadAndAnswerAtMatchTime() throws IOException {
        List<Fingerprint> http = new ArrayList<>(httpV1);
        String[][] hostile = {{"(a+)+$", "body"}, {"(a|aa)+$", "body"}, {"(.*a){20}", "body"}, {"(x+x+)+y", "body"},
            {"(a+)+\\1c$", "body"}, {"^(a|a?)+$", "header.server"}, {"(?=(a|aa)+$)a", "body"}};
        for (int i = 0; i < hostile.length; i++) {
            http.add(new Fingerprint("isp_zz_hostile_" + i, "isp", "", hostile[i][1], PatternType.REGEXP, hostile[i][0],
                    5, "", "", "", ""));
        }
        serve("http_hostile.csv", http);
        assertEquals(0, update(file("dns_v1.csv"), file("http_hostile.csv")), stderr());
        assertTrue(stdout().contains("  regexp patterns that need backtracking (matched under a step budget): 3 ("
                + httpV1.get(3).name() + ", isp_zz_hostile_4, isp_zz_hostile_6)\n"), stdout());
        assertTrue(stderr().contains(": fingerprint isp_zz_hostile_4: pattern needs a backtracking engine (RE2: "
                + "invalid escape sequence: \\1); matched with a budget of 4 steps per body byte, counted as not "
                + "matched past it\n"), stderr());
        Map<String, List<List<String>>> before = snapshot();

        Path body = dir.resolve("aaa.txt");
        Files.writeString(body, "a".repeat(100_000) + "b");
        assertEquals(0, cli("fingerprints", "match", "--http-body", body.toString(), "--header", "Server: aaaa"),
                stderr());
        assertEquals(body + "\tisp_zz_hostile_2\tisp\tbody\tregexp\t5\t\tconfirmed\n"
                + body + "\tisp_zz_hostile_5\tisp\theader.server\tregexp\t5\t\tconfirmed\n", stdout());
        assertTrue(stderr().contains("WARN fingerprints match: fingerprint isp_zz_hostile_6 spent its step budget on "
                + "100001 bytes of body and counts as not matched\n"), stderr());
        assertEquals(1, stderr().split("spent its step budget", -1).length - 1, stderr()); // once, and only that one
        assertEquals(before, snapshot(), "live tables changed");
    }

    @Test
    void httpBodyOverTheCapIsRefusedBeforeItFillsMemory() throws IOException {
        loadV1();
        Map<String, List<List<String>>> before = snapshot();
        String pattern = httpV1.get(0).pattern();
        Path atCap = dir.resolve("at-cap.html");
        Files.write(atCap, (pattern + "x".repeat(1000 - pattern.getBytes(StandardCharsets.UTF_8).length))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1000, Files.size(atCap));
        assertEquals(0, cli("fingerprints", "match", "--http-body", atCap.toString(), "--max-body-bytes", "1000"),
                stderr());
        assertTrue(stdout().contains(httpV1.get(0).name()), stdout());

        Path over = dir.resolve("over.html");
        Files.write(over, new byte[1001]);
        assertEquals(4, cli("fingerprints", "match", "--http-body", over.toString(), "--max-body-bytes", "1000"));
        assertEquals("error: invalid input: " + over + ": the HTTP body is larger than the limit of 1000 bytes "
                + "(--max-body-bytes)\n", stderr().substring(stderr().indexOf("error: ")));
        assertEquals("", stdout());

        assertEquals(4, cliWithStdin(new byte[1001], "fingerprints", "match", "--http-body", "-",
                "--max-body-bytes", "1000"));
        assertEquals("error: invalid input: (stdin): the HTTP body is larger than the limit of 1000 bytes "
                + "(--max-body-bytes)\n", stderr().substring(stderr().indexOf("error: ")));

        // The default cap, 16 MiB, against a 400 MB (sparse) file: refused after reading 16 MiB + 1 byte.
        Path huge = dir.resolve("huge.bin");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(400_000_000L);
        }
        assertEquals(4, cli("fingerprints", "match", "--http-body", huge.toString()));
        assertEquals("error: invalid input: " + huge + ": the HTTP body is larger than the limit of 16777216 bytes "
                + "(--max-body-bytes)\n", stderr().substring(stderr().indexOf("error: ")));
        assertFalse(stderr().contains("Exception"), stderr());
        assertEquals(2, cli("fingerprints", "match", "--http-body", huge.toString(), "--max-body-bytes", "-1"));
        assertTrue(stderr().contains("--max-body-bytes must be from 0 to 2147483639, not -1"), stderr());
        assertEquals(before, snapshot(), "live tables changed");
    }

    @Test
    void unchangedFilesAreSkippedUnlessForced() {
        loadV1();
        String v1 = "ok " + liveRows();
        assertEquals(0, update(file("dns_v1.csv"), file("http_v1.csv")));
        assertEquals(List.of(v1, "unchanged 0"), recordedRuns());
        assertEquals(0, update(file("dns_v1.csv"), file("http_v1.csv"), "--force"));
        assertEquals(List.of(v1, v1, "unchanged 0"), recordedRuns(), "forced: loaded again");
        assertTrue(stdout().contains("change vs live: +0 added, -0 removed (live had 120 rows)"), stdout());
        // one changed file is enough to reload both
        assertEquals(0, update(file("dns_v1.csv"), file("http_v2.csv")));
        List<String> expected = new ArrayList<>(List.of(v1, v1, "unchanged 0", "ok " + liveRows()));
        expected.sort(null);
        assertEquals(expected, recordedRuns(), "a changed file: both tables loaded");
        assertEquals(rows(SyntheticFingerprints.http(135, 4)), snapshot().get("fingerprints_http"));
    }

    @Test
    void dryRunValidatesAndWritesNothing() {
        assertEquals(0, cli("--dry-run", "update", "fingerprints", "--dns-url", file("dns_v1.csv"),
                "--http-url", file("http_v1.csv")), stderr());
        assertTrue(stdout().startsWith("fingerprints: dry-run"), stdout());
        assertTrue(stdout().contains("130 rows (dry run, not written)"), stdout());
        Map<String, List<List<String>>> none = new LinkedHashMap<>();
        none.put("fingerprints_dns", null);
        none.put("fingerprints_http", null);
        assertEquals(none, snapshot());
        loadV1();
        Map<String, List<List<String>>> v1 = snapshot();
        assertEquals(0, cli("--dry-run", "update", "fingerprints", "--dns-url", file("dns_v2.csv"),
                "--http-url", file("http_v2.csv")), stderr());
        assertEquals(v1, snapshot());
        // a dry run does not record the hashes either: the real run afterwards loads v2
        assertEquals(0, update(file("dns_v2.csv"), file("http_v2.csv")));
        assertNotEquals(v1, snapshot());
    }

    @Test
    void metricsUseTheOriginalNames() {
        Metrics metrics = Metrics.inMemory();
        try (Warehouse wh = open()) {
            JobResult r = runJob(wh, file("dns_v1.csv"), file("http_v1.csv"), 50_000, metrics, false, false);
            assertEquals(Outcome.UPDATED, r.outcome());
            assertEquals(250, r.rows());
        }
        var reg = metrics.registry();
        assertEquals(120.0, reg.get("fingerprints_updater.fingerprints_dns_tmp_len").gauge().value());
        assertEquals(130.0, reg.get("fingerprints_updater.fingerprints_http_tmp_len").gauge().value());
        assertEquals(8.0, reg.get("fingerprints_updater.fingerprints_update_progress").gauge().value());
        assertEquals(2, reg.get("fingerprints_updater.fetch_csv").timer().count());
    }

    @Test
    void matchCommandReadsTheLiveTables() throws IOException {
        loadV1();
        Fingerprint dns = dnsV1.get(0); // nat, expected IR
        assertEquals(0, cli("fingerprints", "match", "--dns", dns.pattern(), "203.0.113.250", "--cc", "IR"), stderr());
        assertEquals(dns.pattern() + "\t" + dns.name() + "\tnat\tdns\tfull\t" + dns.confidenceNoFp() + "\tIR\tconfirmed\n",
                stdout());
        Path body = dir.resolve("body.html");
        Files.write(body, ("<html>" + httpV1.get(0).pattern() + "</html>").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, cli("fingerprints", "match", "--http-body", body.toString(), "--status", "403",
                "--header", "Content-Type: text/html", "--format", "json"), stderr());
        String json = stdout();
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.startsWith("{\"input\":\"" + body + "\",\"status\":403,\"name\":\"" + httpV1.get(0).name()
                + "\",\"scope\":\"" + httpV1.get(0).scope() + "\",\"location\":\"body\""), json);
        assertTrue(stderr().contains("fingerprints match: fingerprint table: fingerprint " + httpV1.get(3).name()
                + ": pattern needs a backtracking engine"), stderr());
        // the body can come on standard input
        assertEquals(0, cliWithStdin(("<p>" + httpV1.get(0).pattern() + "</p>").getBytes(StandardCharsets.UTF_8),
                "fingerprints", "match", "--http-body", "-"), stderr());
        assertTrue(stdout().contains(httpV1.get(0).name()), stdout());
        // nothing matched is still exit 0, with no output
        assertEquals(0, cli("fingerprints", "match", "--dns", "198.51.100.7"));
        assertEquals("", stdout());
    }

    @Test
    void notFoundIsNotRetried() {
        loadV1();
        assertRejected(SourceUnavailable.class, 3, server.url("/404") + ": HTTP status 404",
                file("dns_v1.csv"), server.url("/404"));
        assertEquals(2, server.hits("/404"), "one attempt per run (CLI and job), never retried");
    }

    @Test
    void serverErrorIsRetriedThreeTimes() {
        loadV1();
        SourceUnavailable e = assertRejected(SourceUnavailable.class, 3, server.url("/500") + ": HTTP status 500",
                server.url("/500"), file("http_v1.csv"));
        assertEquals(500, e.httpStatus());
        assertEquals(6, server.hits("/500"), "three attempts per run");
    }

    @Test
    void timeoutWaitingForHeaders() {
        loadV1();
        assertRejected(SourceUnavailable.class, 3, "(after 3 attempts)", server.url("/stall-headers"),
                file("http_v1.csv"));
    }

    @Test
    void timeoutInTheMiddleOfTheBody() {
        loadV1();
        assertRejected(SourceUnavailable.class, 3, "no data received for 1 s (after 3 attempts)",
                file("dns_v1.csv"), server.url("/stall-body"));
    }

    @Test
    void truncatedBody() {
        loadV1();
        assertRejected(SourceUnavailable.class, 3, server.url("/truncated") + ": ", file("dns_v1.csv"),
                server.url("/truncated"));
        assertEquals(6, server.hits("/truncated"), "a cut connection is a network error: retried");
    }

    @Test
    void oversizedBody() {
        loadV1();
        assertRejected(SourceUnavailable.class, 3, server.url("/big") + ": response body exceeds the limit of 200000 bytes",
                server.url("/big"), file("http_v1.csv"));
        assertRejected(SourceUnavailable.class, 3,
                server.url("/big-chunked") + ": response body exceeds the limit of 200000 bytes",
                file("dns_v1.csv"), server.url("/big-chunked"));
    }

    @Test
    void missingLocalFile() {
        loadV1();
        String missing = dir.resolve("nope.csv").toUri().toString();
        assertRejected(SourceUnavailable.class, 3, missing + ": no such file", missing, file("http_v1.csv"));
    }

    @Test
    void badRowInTheDnsFile() {
        loadV1();
        List<Fingerprint> rows = new ArrayList<>(dnsV1);
        Fingerprint f = rows.get(9); // data row 10 -> line 11
        rows.set(9, new Fingerprint(f.name(), "country", f.otherNames(), f.locationFound(), f.patternType(),
                f.pattern(), f.confidenceNoFp(), f.expectedCountries(), f.source(), f.expUrl(), f.notes()));
        serve("dns_bad.csv", rows);
        InvalidInput e = assertRejected(InvalidInput.class, 4, "fingerprints_dns.csv:11:" + (f.name().length() + 2)
                + ": scope 'country' is not one of nat, isp, prod, inst, vbw, fp", file("dns_bad.csv"), file("http_v1.csv"));
        assertEquals(11, e.line());
    }

    @Test
    void badRowAtTheEndOfTheHttpFileAfterTheDnsStagingLoaded() {
        loadV1();
        List<Fingerprint> rows = new ArrayList<>(httpV1);
        rows.add(rows.get(5));
        serve("http_dup.csv", rows);
        // 130 rows + the header + one extra line for the multi-line pattern of row 1: the duplicate is on line 133
        assertRejected(InvalidInput.class, 4, "fingerprints_http.csv:133:1: duplicate name '" + httpV1.get(5).name()
                + "' (first at line 8)", file("dns_v2.csv"), file("http_dup.csv"));
    }

    @Test
    void tooFewRows() {
        loadV1();
        serve("dns_100.csv", SyntheticFingerprints.dns(100, 5));
        assertRejected(SanityCheckFailed.class, 5, "fingerprints_dns.csv row count: 100 is outside the bound (100, 50000)",
                file("dns_100.csv"), file("http_v2.csv"));
    }

    @Test
    void tooManyRows() throws IOException {
        loadV1();
        Path tight = writeConfig("max_rows = 131");
        assertRejected(SanityCheckFailed.class, 5, "fingerprints_http.csv row count: 135 is outside the bound (100, 131)",
                file("dns_v2.csv"), file("http_v2.csv"), 131, tight);
    }

    @Test
    void matchWithoutLoadedTablesIsAStoreError() {
        try (Warehouse wh = open()) {
            wh.countRows("analysis_state");
        }
        assertEquals(6, cli("fingerprints", "match", "--dns", "10.0.0.1"));
        assertTrue(stderr().contains("table fingerprints_dns does not exist; run 'update fingerprints' first"), stderr());
    }

    @Test
    void matchUsageErrors() {
        loadV1();
        assertEquals(2, cli("fingerprints", "match", "--dns", "10.0.0.1", "--cc", "ir"));
        assertTrue(stderr().contains("--cc must be two upper-case letters, not 'ir'"), stderr());
        assertEquals(2, cli("fingerprints", "match", "--dns", "10.0.0.1", "--format", "xml"));
        assertEquals(2, cli("fingerprints", "match", "--dns", "10.0.0.1", "--http-body", "-"));
        assertFalse(stderr().isEmpty());
    }
}
