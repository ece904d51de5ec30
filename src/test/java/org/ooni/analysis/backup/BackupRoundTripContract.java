package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Backup → restore → verify → incremental → corruption → unlisted table, through the CLI, against a real store
 * (subclasses) and S3Proxy. Each test starts from an empty store and bucket.
 */
abstract class BackupRoundTripContract {
    static final long ROWS = 40_000;
    static final TableSchema PAIRS = new TableSchema("pairs",
            List.of(new Column("name", ColumnType.STRING), new Column("n", ColumnType.INT64)), List.of("n"), Engine.MERGE_TREE);
    private static S3TestServer s3;
    private static int bucketNo;

    @TempDir
    Path dir;

    /** A fresh empty store; returns its --db value. */
    protected abstract String freshStore();

    /** Opens the store of the last {@link #freshStore()}; the caller closes it before running the CLI. */
    protected abstract Warehouse open();

    /** Whether a same-store restore streams the objects' CSV into the store as is instead of decoding rows. */
    protected abstract boolean restoresCsvAsIs();

    @BeforeAll
    static void startS3() {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private String bucket;
    private String db;
    private Path config;

    private void setUp(String tables) throws Exception {
        db = freshStore();
        bucket = "backups-" + (++bucketNo);
        s3.createBucket(bucket);
        config = dir.resolve("analysis.toml");
        Files.writeString(config, """
                [backup]
                pause_seconds = 0
                retry_backoff_ms = 1
                zstd_level = 3
                [backup.destinations.private]
                endpoint = "%s"
                bucket = "%s"
                prefix = "ooni"
                path_style = true
                access_key_id = "%s"
                secret_access_key = "%s"
                [backup.tables]
                %s
                """.formatted(s3.endpoint(), bucket, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, tables));
        try (Warehouse w = open()) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(ROWS));
            w.createTableIfMissing(PAIRS);
            w.insertRows(PAIRS, LongStream.range(0, 2500).mapToObj(i -> new Object[] {"p" + i % 7, i / 3}).iterator());
        }
    }

    private static final String TABLES = """
            fastpath = "incremental"
            pairs = { policy = "full", chunk = "keyset", column = "n", page_rows = 300 }
            """;

    private CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db, "--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    private void withStore(Consumer<Warehouse> action) {
        try (Warehouse w = open()) {
            action.accept(w);
        }
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.blobs().list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix("ooni/" + prefix).recursive())
                .forEach(m -> keys.add(m.getName().substring("ooni/".length())));
        return keys.stream().sorted().toList();
    }

    @Test
    void backsUpRestoresAndVerifiesIdenticalRows() throws Exception {
        setUp(TABLES);
        CliRun.Result backup = cli("backup");
        assertEquals(0, backup.exitCode(), backup.err());
        assertEquals(List.of("clickhouse_export/csv/fastpath_202401.csv.zstd", "clickhouse_export/csv/fastpath_202402.csv.zstd",
                "clickhouse_export/csv/fastpath_202403.csv.zstd", "clickhouse_export/csv/fastpath_202404.csv.zstd"),
                keys("clickhouse_export/csv/fastpath"));
        // 2500 rows, keys n = 0..833 in pages of at least 300 rows: ties on the last key stay in their page
        List<String> pages = keys("clickhouse_export/csv/pairs_");
        assertEquals(List.of("clickhouse_export/csv/pairs_0.csv.zstd", "clickhouse_export/csv/pairs_1.csv.zstd",
                "clickhouse_export/csv/pairs_2.csv.zstd", "clickhouse_export/csv/pairs_3.csv.zstd",
                "clickhouse_export/csv/pairs_4.csv.zstd", "clickhouse_export/csv/pairs_5.csv.zstd",
                "clickhouse_export/csv/pairs_6.csv.zstd", "clickhouse_export/csv/pairs_7.csv.zstd",
                "clickhouse_export/csv/pairs_8.csv.zstd"), pages);
        assertTrue(keys("schema/").contains("schema/fastpath.sql"));
        assertEquals(1, keys("manifests/fastpath/").stream().filter(k -> k.endsWith(".json") && !k.contains("partial")).count());
        assertEquals(List.of(), keys("manifests/fastpath/").stream().filter(k -> k.contains("partial")).toList());

        CliRun.Result restore = cli("restore", "fastpath", "--into", "fastpath_copy");
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(restoresCsvAsIs() ? 4 : 0, restore.err().split("\\(CSV streamed as is\\)", -1).length - 1, restore.err());
        assertTrue(restore.out().contains("fingerprints checked"), restore.out());
        CliRun.Result restorePairs = cli("restore", "pairs", "--into", "pairs_copy");
        assertEquals(0, restorePairs.exitCode(), restorePairs.err());
        withStore(w -> {
            assertEquals(w.fingerprint("fastpath", null), w.fingerprint("fastpath_copy", null));
            assertEquals(ROWS, w.countRows("fastpath_copy"));
            assertEquals(sample(w, "fastpath"), sample(w, "fastpath_copy"));
            assertEquals(w.fingerprint("pairs", null), w.fingerprint("pairs_copy", null));
            assertTrue(w.listTables().stream().noneMatch(t -> t.startsWith("fastpath_copy_restoring_")), "no staging table left");
        });

        CliRun.Result verify = cli("verify");
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("fastpath: run "), verify.out());
        assertFalse((backup.err() + restore.err() + verify.err()).contains("not recorded"), verify.err());
        withStore(w -> {
            List<String> runs = new ArrayList<>();
            w.forEachRow("SELECT job, outcome FROM job_runs ORDER BY started, job", r -> runs.add(r.get(0) + " " + r.get(1)));
            assertTrue(runs.containsAll(List.of("backup ok", "restore ok", "verify unchanged")), runs.toString());
        });
        // the run history the backup itself wrote is not an unlisted table
        withStore(w -> {
            w.dropTableIfExists("fastpath_copy");
            w.dropTableIfExists("pairs_copy");
        });
        CliRun.Result again = cli("backup");
        assertEquals(0, again.exitCode(), again.err());
    }

    private static List<List<String>> sample(Warehouse w, String table) {
        List<List<String>> rows = new ArrayList<>();
        w.forEachRow("SELECT * FROM " + table + " ORDER BY measurement_uid", r -> {
            if (rows.size() < 200 || r.get(0).endsWith("7")) {
                rows.add(r);
            }
        });
        return rows;
    }

    /**
     * Two stores pointed at one destination would replace each other's objects at the same keys: the second one is
     * refused before it writes anything (exit 4, one line naming the destination and both stores, no credential), and
     * {@code [backup] store_name} set to the recorded store is the way for a store that only changed its name.
     */
    @Test
    void aStoreIsRefusedADestinationThatHoldsAnotherStoresBackups() throws Exception {
        setUp("fastpath = \"ignore\"\npairs = \"full\"\n");
        CliRun.Result first = cli("backup");
        assertEquals(0, first.exitCode(), first.err());
        Map<String, Long> before = sizes();
        db = freshStore();
        withStore(w -> {
            w.createTableIfMissing(PAIRS);
            w.insertRows(PAIRS, LongStream.range(0, 10).mapToObj(i -> new Object[] {"other", i}).iterator());
        });
        CliRun.Result refused = cli("backup");
        assertEquals(4, refused.exitCode(), refused.err());
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("error: invalid input: backup destination "
                + "private \\(s3://" + bucket + "/ooni/\\): holds backups written from the store (\\S+) \\(manifests/"
                + "pairs/[0-9TZ.]+\\.json\\), not from this store (\\S+); give each store a destination of its own "
                + "\\(another bucket or prefix\\), or, if this is that store under a new name, set \\[backup\\] "
                + "store_name = \"(\\S+)\"").matcher(refused.errorLine());
        assertTrue(line.matches(), refused.err());
        assertNotEquals(line.group(1), line.group(2), "the two stores are told apart");
        assertEquals(line.group(1), line.group(3));
        assertFalse(refused.err().contains(S3TestServer.SECRET_KEY) || refused.err().contains(S3TestServer.ACCESS_KEY),
                refused.err());
        assertEquals(1, refused.err().lines().filter(l -> l.startsWith("error:")).count(), refused.err());
        assertEquals(before, sizes(), "nothing written to the destination");

        Files.writeString(config, Files.readString(config).replace("[backup]\n", "[backup]\nstore_name = \""
                + line.group(1) + "\"\n"));
        CliRun.Result adopted = cli("backup");
        assertEquals(0, adopted.exitCode(), adopted.err());
        assertTrue(adopted.out().contains("pairs: 1 chunks (1 uploaded, 0 unchanged), 10 rows"), adopted.out());
    }

    @Test
    void anIncrementalRunUploadsOnlyTheChangedMonth() throws Exception {
        setUp(TABLES);
        assertEquals(0, cli("backup").exitCode());
        Map<String, Long> before = sizes();
        withStore(w -> w.insertRows(FastpathRows.FASTPATH, List.<Object[]>of(new Object[] {"extra-row",
                java.time.Instant.parse("2024-02-10T10:00:00Z"), "DE", 3L, "tor", "x", 1, 1.5f,
                java.time.LocalDate.of(2024, 2, 10)}).iterator()));
        CliRun.Result second = cli("backup");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("fastpath: 4 chunks (1 uploaded, 3 unchanged)"), second.out());
        Map<String, Long> after = sizes();
        assertNotEquals(before.get("clickhouse_export/csv/fastpath_202402.csv.zstd"),
                after.get("clickhouse_export/csv/fastpath_202402.csv.zstd"));
        assertEquals(2, keys("manifests/fastpath/").size());
        CliRun.Result list = cli("backups", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(2, list.out().lines().filter(l -> l.startsWith("fastpath ")).count(), list.out());

        // the first run uploaded the three unchanged months the second run still names: prune keeps it
        CliRun.Result prune = cli("backups", "prune", "--keep", "1");
        assertEquals(0, prune.exitCode(), prune.err());
        assertTrue(prune.out().contains("a newer incremental run still uses its chunks"), prune.out());
        assertEquals(2, keys("manifests/fastpath/").size());
    }

    @Test
    void aCorruptedObjectIsFoundByVerifyAndRefusedByRestore() throws Exception {
        setUp(TABLES);
        assertEquals(0, cli("backup").exitCode());
        String key = "ooni/clickhouse_export/csv/fastpath_202403.csv.zstd";
        Blob original = s3.blobs().getBlob(bucket, key);
        byte[] bytes = original.getPayload().openStream().readAllBytes();
        bytes[bytes.length / 2] ^= 0x55;
        s3.blobs().putBlob(bucket, s3.blobs().blobBuilder(key).payload(bytes).build());

        CliRun.Result verify = cli("verify", "fastpath");
        assertEquals(5, verify.exitCode(), verify.err());
        assertTrue(verify.errorLine().contains("fastpath_202403.csv.zstd: SHA-256"), verify.errorLine());

        CliRun.Result restore = cli("restore", "fastpath", "--into", "fastpath_bad");
        assertEquals(4, restore.exitCode(), restore.err());
        assertTrue(restore.errorLine().contains("fastpath_202403.csv.zstd"), restore.errorLine());
        withStore(w -> {
            assertFalse(w.tableExists("fastpath_bad"), "nothing restored");
            assertTrue(w.listTables().stream().noneMatch(t -> t.startsWith("fastpath_bad_restoring_")), "no staging table left");
        });
    }

    @Test
    void aChunkWhoseLoadedRowsDifferFromTheManifestFailsAndLeavesTheTargetEmpty() throws Exception {
        setUp(TABLES);
        assertEquals(0, cli("backup").exitCode());
        String manifestKey = "ooni/" + keys("manifests/fastpath/").stream()
                .filter(k -> k.endsWith(".json") && !k.contains("partial")).findFirst().orElseThrow();
        String manifest = new String(s3.blobs().getBlob(bucket, manifestKey).getPayload().openStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        // the object stays intact (its SHA-256 matches); only the fingerprint the load is checked against changes
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\"key\"\\s*:\\s*\"clickhouse_export/csv/fastpath_202402"
                + "\\.csv\\.zstd\"[\\s\\S]*?\"fingerprint\"\\s*:\\s*\")([^\"]+)\"").matcher(manifest);
        assertTrue(m.find(), manifest);
        String tampered = manifest.substring(0, m.start(2)) + "12345" + manifest.substring(m.end(2));
        s3.blobs().putBlob(bucket, s3.blobs().blobBuilder(manifestKey).payload(tampered).build());
        withStore(w -> w.createTableIfMissing(FastpathRows.FASTPATH.named("fastpath_copy")));

        CliRun.Result restore = cli("restore", "fastpath", "--into", "fastpath_copy");
        assertEquals(5, restore.exitCode(), restore.err());
        assertTrue(restore.errorLine().contains("fastpath_202402.csv.zstd: fingerprint"), restore.errorLine());
        assertTrue(restore.errorLine().contains("differs from the manifest's 12345"), restore.errorLine());
        withStore(w -> {
            assertEquals(0, w.countRows("fastpath_copy"), "the target stays empty");
            assertTrue(w.listTables().stream().noneMatch(t -> t.startsWith("fastpath_copy_restoring_")), "no staging table left");
        });
    }

    @Test
    void anUnlistedTableIsReportedAndFailsTheRunAfterTheListedOnes() throws Exception {
        setUp(TABLES);
        withStore(w -> {
            w.createTableIfMissing(PAIRS.named("zz_unlisted"));
            // staging tables of runs going on (or dead) are a run's work, not data: neither backed up nor unlisted
            w.createTableIfMissing(PAIRS.named("pairs_stg_0123456789ab"));
            w.createTableIfMissing(PAIRS.named("pairs_copy_restoring_0123456789ab"));
        });
        CliRun.Result r = cli("backup");
        assertEquals(5, r.exitCode(), r.err());
        assertEquals("error: sanity check failed: 1 table is not listed in [backup.tables] and not backed up: "
                + "zz_unlisted (give each a policy there, e.g. ignore)", r.errorLine());
        assertEquals(1, keys("manifests/fastpath/").size(), "listed tables were still backed up");
        assertEquals(1, keys("manifests/pairs/").size());
    }

    @Test
    void wrongCredentialsFailClearlyWithoutPrintingTheSecret() throws Exception {
        setUp(TABLES);
        Files.writeString(config, Files.readString(config).replace(S3TestServer.SECRET_KEY, "not-the-Secret-123"));
        CliRun.Result r = cli("backup");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("403"), r.errorLine());
        assertFalse((r.out() + r.err()).contains("not-the-Secret-123"));
        assertEquals(List.of(), keys(""), "nothing written");
    }

    private Map<String, Long> sizes() {
        Map<String, Long> sizes = new java.util.HashMap<>();
        s3.blobs().list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix("ooni/").recursive())
                .forEach(m -> sizes.put(m.getName().substring(5), ((org.jclouds.blobstore.domain.StorageMetadata) m).getSize()));
        return sizes;
    }

}
