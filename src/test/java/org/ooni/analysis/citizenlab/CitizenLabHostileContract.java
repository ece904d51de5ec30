package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The citizenlab job fed by a hostile or careless source: secrets in the git URL, a remote that drips, control
 * characters and huge URLs in rows, symbolic links, file names that would forge log lines. Each case checks the
 * exact line, the exit code and the live table.
 */
abstract class CitizenLabHostileContract extends CitizenLabStoreTestBase {
    private static final String SECRET = "TOKSECRET";
    List<String> baseline;

    @BeforeEach
    void loadBaseline() {
        CliRun.Result r = cli("update", "citizenlab");
        assertEquals(0, r.exitCode(), r.err());
        baseline = rows("citizenlab");
        assertEquals(VALID, baseline.size());
    }

    @Test
    void aTokenInTheGitUrlAppearsNowhere() throws Exception {
        try (GitHttpServer server = new GitHttpServer()) {
            for (String url : List.of("http://127.0.0.1:9/repo.git?token=" + SECRET,
                    server.url("/denied.git") + "?token=" + SECRET)) {
                CliRun.Result r = cli("--verbose", "update", "citizenlab", "--source", url);
                assertEquals(3, r.exitCode(), r.err());
                String masked = url.replace(SECRET, "***");
                assertTrue(r.errorLine().startsWith("error: source unavailable: " + masked + ": git: "), r.errorLine());
                assertNoSecret(r);
            }
        }
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void aDrippingRemoteFailsAtTheDeadline() throws Exception {
        Files.writeString(config, Files.readString(config) + "deadline_seconds = 2\n");
        try (GitHttpServer server = new GitHttpServer()) {
            String url = server.url("/drip.git") + "?token=" + SECRET;
            long start = System.nanoTime();
            CliRun.Result r = cli("update", "citizenlab", "--source", url);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(3, r.exitCode(), r.err());
            assertEquals("error: source unavailable: " + server.url("/drip.git") + "?token=***: no complete answer "
                    + "within the deadline of 2 s ([citizenlab] deadline_seconds)", r.errorLine());
            assertTrue(seconds < 10, "held for " + seconds + " s");
            assertNoSecret(r);
        }
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void controlCharactersAndLongUrlsRejectTheirRowsAndAreCounted() throws Exception {
        repo.append("ir.csv", "https://nul.example.ir/\u0000cut,NEWS,News Media,2024-01-02,test,",
                "https://long.example.ir/" + "a".repeat(3000) + ",NEWS,News Media,2024-01-02,test,",
                "https://fine.example.ir/,NEWS,News Media,2024-01-02,te\u001bst,");
        CliRun.Result r = cli("update", "citizenlab");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("a field holds a control character: 2"), r.out());
        assertTrue(r.out().contains("url is longer than max_url_bytes: 1"), r.out());
        assertEquals(baseline, rows("citizenlab"), "none of the three rows is loaded");
        assertTrue(rows("citizenlab").stream().noneMatch(row -> row.contains("\u0000")));
    }

    @Test
    void aSymlinkedListInGitModeIsReportedAndNotRead() throws Exception {
        Path lists = repo.dir().resolve("lists");
        Files.createDirectories(repo.dir().resolve("archive"));
        Files.move(lists.resolve("ir.csv"), repo.dir().resolve("archive/ir.csv"));
        Files.createSymbolicLink(lists.resolve("ir.csv"), Path.of("../archive/ir.csv"));
        repo.commitAll("ir.csv becomes a link");
        CliRun.Result r = cli("update", "citizenlab");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.equals(
                "WARN citizenlab: lists/ir.csv is a symbolic link, not followed: its rows are not loaded")), r.err());
        assertTrue(r.out().contains("  links not read:    1 (lists/ir.csv)"), r.out());
        assertTrue(rows("citizenlab").stream().noneMatch(row -> row.endsWith("|ir|NEWS")), "no row of the link");
    }

    @Test
    void aPlainFolderNeverFollowsLinksOutOfTheTreeAndEscapesFileNames() throws Exception {
        Path plain = tmp.resolve("plain");
        Path lists = Files.createDirectories(plain.resolve("lists"));
        try (Stream<Path> files = Files.list(repo.dir().resolve("lists"))) {
            for (Path f : files.toList()) {
                Files.copy(f, lists.resolve(f.getFileName()));
            }
        }
        Path secret = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.createSymbolicLink(lists.resolve("zz.csv"), secret);
        Files.writeString(lists.resolve("x\n10:00:00 INFO forged\u001b[31m.csv"), "anything\n");
        CliRun.Result r = cli("update", "citizenlab", "--source", plain.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertFalse((r.out() + r.err()).contains("root:x"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.equals(
                "WARN citizenlab: lists/zz.csv is a symbolic link, not followed: its rows are not loaded")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.equals(
                "INFO skipping lists/x\\n10:00:00 INFO forged\\x1b[31m.csv (not a country or global list)")), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("10:00:00")), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertEquals(baseline, rows("citizenlab"), "the same rows as the git source");
    }

    @Test
    void aListsFolderThatIsALinkFails() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(plain.resolve("lists"), repo.dir().resolve("lists"));
        CliRun.Result r = cli("update", "citizenlab", "--source", plain.toString());
        assertEquals(4, r.exitCode(), r.err());
        assertEquals("error: invalid input: lists/: lists/ is a symbolic link; links are not followed", r.errorLine());
        assertEquals(baseline, rows("citizenlab"));
    }

    @Test
    void queryCannotWriteTheStoreNorReachFilesOrUrls() throws Exception {
        boolean duck = dbUrl().startsWith("duckdb:");
        Path written = tmp.resolve("written.csv");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "root:x:0:0\n");
        List<String> attempts = duck
                ? List.of("DROP TABLE citizenlab", "COPY (SELECT 1) TO '" + written + "'",
                        "SELECT * FROM read_csv_auto('" + secret + "')", "SET enable_external_access = true")
                : List.of("DROP TABLE citizenlab", "SELECT * FROM url('http://127.0.0.1:9/x', CSV, 'a String')",
                        "SELECT * FROM file('secret.txt', CSV, 'a String')",
                        "SELECT * FROM remote('127.0.0.1:9000', system.one)");
        List<String> reasons = duck
                ? List.of("Cannot execute statement of type \"DROP\"", "file system operations are disabled",
                        "file system operations are disabled", "the configuration has been locked")
                : List.of("readonly", "Table functions are forbidden in readonly mode",
                        "Table functions are forbidden in readonly mode", "Table functions are forbidden in readonly mode");
        for (int i = 0; i < attempts.size(); i++) {
            CliRun.Result r = cli("query", attempts.get(i));
            assertEquals(6, r.exitCode(), r.err());
            String line = r.errorLine();
            assertTrue(line.startsWith("error: store error: "), line);
            assertTrue(line.contains(reasons.get(i)), line);
            assertTrue(line.endsWith(" (query runs read-only, without access to files, URLs or other servers)"), line);
            assertFalse(line.contains("unsuccessful or closed pending query result"), line);
            assertFalse((r.out() + r.err()).contains("root:x"), r.out());
        }
        assertFalse(Files.exists(written), "COPY wrote nothing");
        assertEquals(baseline, rows("citizenlab"));
        CliRun.Result ok = cli("query", "SELECT count() AS n FROM citizenlab;");
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals("n\n" + VALID + "\n", ok.out());
    }

    private void assertNoSecret(CliRun.Result r) {
        assertFalse(r.out().contains(SECRET), r.out());
        assertFalse(r.err().contains(SECRET), r.err());
        String history = String.join("\n", jobRunErrors());
        assertTrue(history.contains("source unavailable"), history);
        assertFalse(history.contains(SECRET), history);
    }

    private List<String> jobRunErrors() {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            List<String> out = new ArrayList<>();
            wh.forEachRow("SELECT error FROM job_runs WHERE job = 'citizenlab'", row -> out.add(row.get(0)));
            return out;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
