package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * The original's example file, verbatim, through the CLI against the ClickHouse of CLICKHOUSE_URL and S3Proxy
 * (which accepts the file's credentials, {@code <REPLACEME>}; the TOML file only points {@code public} at it):
 * {@code action: export} publishes fastpath by month and jsonl in pages whatever {@code backup_tables} says, and
 * leaves the other tables alone; {@code action: backup} runs the listed policies.
 */
class LegacyConfigClickHouseTest {
    private static final String BUCKET = "ooni-data-eu-fra-test";
    private static final String KEY = "<REPLACEME>";
    static final TableSchema JSONL = new TableSchema("jsonl", List.of(new Column("report_id", ColumnType.STRING),
            new Column("input", ColumnType.STRING), new Column("measurement_uid", ColumnType.STRING)),
            List.of("report_id", "input"), Engine.MERGE_TREE);
    static final TableSchema CITIZENLAB = new TableSchema("citizenlab", List.of(new Column("url", ColumnType.STRING),
            new Column("category_code", ColumnType.STRING)), List.of("url"), Engine.MERGE_TREE);
    static final TableSchema EXTRA = new TableSchema("extra", List.of(new Column("n", ColumnType.INT64)), List.of("n"),
            Engine.MERGE_TREE);
    private static S3TestServer s3;

    @TempDir
    Path dir;
    private ClickHouseTestSupport database;
    private Path toml;

    @BeforeAll
    static void startS3() {
        ClickHouseTestSupport.serverUrl();
        s3 = S3TestServer.withCredentials(KEY, KEY);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
        if (s3.blobs().containerExists(BUCKET)) {
            s3.blobs().deleteContainer(BUCKET);
        }
    }

    private void setUp(boolean extraTable) throws Exception {
        database = ClickHouseTestSupport.createDatabase();
        s3.createBucket(BUCKET);
        toml = dir.resolve("analysis.toml");
        Files.writeString(toml, """
                [backup]
                pause_seconds = 0
                retry_backoff_ms = 1
                [backup.destinations.public]
                endpoint = "%s"
                path_style = true
                """.formatted(s3.endpoint()));
        try (Warehouse w = database.open(false)) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(2_000));
            w.createTableIfMissing(JSONL);
            w.insertRows(JSONL, LongStream.range(0, 700).mapToObj(i -> new Object[] {"r" + i % 40, "https://x/" + i,
                    "m" + i}).iterator());
            w.createTableIfMissing(CITIZENLAB);
            w.insertRows(CITIZENLAB, LongStream.range(0, 30).mapToObj(i -> new Object[] {"https://c/" + i, "NEWS"})
                    .iterator());
            if (extraTable) {
                w.createTableIfMissing(EXTRA);
                w.insertRows(EXTRA, LongStream.range(0, 3).mapToObj(i -> new Object[] {i}).iterator());
            }
        }
    }

    private CliRun.Result cli(Path legacy, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", database.dbArgument(), "--config", toml.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--legacy-config", legacy.toString()));
        return CliRun.run(all.toArray(String[]::new));
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.blobs().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix(prefix).recursive())
                .forEach(m -> keys.add(m.getName()));
        return keys.stream().sorted().toList();
    }

    @Test
    void actionExportPublishesFastpathByMonthAndJsonlInPagesAndLeavesTheRestAlone() throws Exception {
        setUp(true);
        Path legacy = dir.resolve("db-backup.conf");
        Files.writeString(legacy, LegacyConfigTest.EXAMPLE);

        CliRun.Result export = cli(legacy, "backup");

        assertEquals(0, export.exitCode(), export.err());
        assertEquals(List.of("clickhouse_export/csv/fastpath_202401.csv.zstd",
                "clickhouse_export/csv/fastpath_202402.csv.zstd", "clickhouse_export/csv/fastpath_202403.csv.zstd",
                "clickhouse_export/csv/fastpath_202404.csv.zstd", "clickhouse_export/csv/jsonl_0.csv.zstd"),
                keys("clickhouse_export/"), "fastpath and jsonl although backup_tables says ignore; citizenlab"
                        + " (full there) and the unlisted table extra are not exported");
        assertFalse(export.err().contains("extra"), export.err());
        assertFalse((export.out() + export.err()).contains(KEY), "no credential printed");

        // what was published restores to the same rows, read back through the same file
        CliRun.Result restore = cli(legacy, "restore", "fastpath", "--into", "fastpath_r");
        assertEquals(0, restore.exitCode(), restore.err());
        CliRun.Result restoreJsonl = cli(legacy, "restore", "jsonl", "--into", "jsonl_r");
        assertEquals(0, restoreJsonl.exitCode(), restoreJsonl.err());
        try (Warehouse w = database.open(true)) {
            assertEquals(w.fingerprint("fastpath", null), w.fingerprint("fastpath_r", null));
            assertEquals(2_000, w.countRows("fastpath_r"));
            assertEquals(w.fingerprint("jsonl", null), w.fingerprint("jsonl_r", null));
            List<String> runs = new ArrayList<>();
            w.forEachRow("SELECT job, outcome FROM job_runs ORDER BY started, job", r -> runs.add(r.get(0) + " " + r.get(1)));
            assertEquals(List.of("backup ok", "restore ok", "restore ok"), runs);
        }

        // a second export uploads nothing that did not change
        CliRun.Result again = cli(legacy, "backup");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("fastpath: 4 chunks (0 uploaded, 4 unchanged)"), again.out());
        assertTrue(again.out().contains("jsonl: 1 chunks (0 uploaded, 1 unchanged)"), again.out());
    }

    @Test
    void actionBackupRunsTheListedPoliciesOnly() throws Exception {
        setUp(false);
        Path legacy = dir.resolve("db-backup.conf");
        Files.writeString(legacy, LegacyConfigTest.EXAMPLE.replace("\"action\": \"export\"", "\"action\": \"backup\""));

        CliRun.Result backup = cli(legacy, "backup");

        assertEquals(0, backup.exitCode(), backup.err());
        assertEquals(List.of("clickhouse_export/csv/citizenlab.csv.zstd"), keys("clickhouse_export/"),
                "citizenlab (full); fastpath and jsonl are ignore");
        assertTrue(backup.err().contains("backup msmt_feedback: listed but not in the store; skipped"), backup.err());
        CliRun.Result verify = cli(legacy, "verify");
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("citizenlab: run "), verify.out());
        CliRun.Result restore = cli(legacy, "restore", "citizenlab", "--into", "citizenlab_r");
        assertEquals(0, restore.exitCode(), restore.err());
        try (Warehouse w = database.open(true)) {
            assertEquals(w.fingerprint("citizenlab", null), w.fingerprint("citizenlab_r", null));
        }
    }

    @Test
    void anUnlistedTableStillFailsActionBackup() throws Exception {
        setUp(true);
        Path legacy = dir.resolve("db-backup.conf");
        Files.writeString(legacy, LegacyConfigTest.EXAMPLE.replace("\"action\": \"export\"", "\"action\": \"backup\""));

        CliRun.Result backup = cli(legacy, "backup");

        assertEquals(5, backup.exitCode(), backup.err());
        assertTrue(backup.errorLine().contains("not listed in [backup.tables] and not backed up: extra"),
                backup.errorLine());
        assertEquals(List.of("clickhouse_export/csv/citizenlab.csv.zstd"), keys("clickhouse_export/"),
                "the listed tables are done first");
    }
}
