package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.Warehouse;

/**
 * The {@code native} policy (ClickHouse's own BACKUP/RESTORE to S3) through the CLI against the ClickHouse of
 * CLICKHOUSE_URL and S3Proxy. On a server without BACKUP (18.16) the policy is refused with exit 4 before anything
 * is read or written. The chDB front (26.5) has the statement but cannot run it against S3: the failure is reported
 * with the server's reason and without credentials. On a ClickHouse server from 22.10 (none in this project's
 * suite today) the backup is recorded in the manifest and checked by verify and restore.
 */
class NativeBackupClickHouseTest {
    private static S3TestServer s3;
    private static int bucketNo;

    @TempDir
    Path dir;
    private ClickHouseTestSupport database;
    private Path config;
    private String bucket;

    @BeforeAll
    static void startS3() {
        ClickHouseTestSupport.serverUrl();
        s3 = S3TestServer.start();
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
    }

    private void setUp(String tables) throws Exception {
        database = ClickHouseTestSupport.createDatabase();
        bucket = "native-" + (++bucketNo);
        s3.createBucket(bucket);
        config = dir.resolve("analysis.toml");
        Files.writeString(config, """
                [backup]
                pause_seconds = 0
                retry_backoff_ms = 1
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
        try (Warehouse w = database.open(false)) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(3_000));
            w.createTableIfMissing(BackupRoundTripContract.PAIRS);
            w.insertRows(BackupRoundTripContract.PAIRS, LongStream.range(0, 500)
                    .mapToObj(i -> new Object[] {"p" + i % 7, i}).iterator());
        }
    }

    private CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", database.dbArgument(), "--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.blobs().list(bucket, ListContainerOptions.Builder.prefix("ooni/" + prefix).recursive())
                .forEach(m -> keys.add(m.getName().substring("ooni/".length())));
        return keys.stream().sorted().toList();
    }

    private boolean serverHasBackup() {
        try (Warehouse w = database.open(true)) {
            return NativeBackup.available(w);
        }
    }

    private void requireBackup(String test) {
        if (!serverHasBackup()) {
            ClickHouseTestSupport.skip("NativeBackupClickHouseTest." + test, "no BACKUP before ClickHouse 22.10 (the"
                    + " refusal is tested instead)");
        }
        if (ClickHouseTestSupport.isChdbFront(ClickHouseTestSupport.serverUrl())) {
            ClickHouseTestSupport.skip("NativeBackupClickHouseTest." + test, "chDB 26.5 has no BackupsIOThreadPool, so"
                    + " its BACKUP ... TO S3 fails (LOGICAL_ERROR, tested instead); needs a ClickHouse server from 22.10");
        }
    }

    private List<String> jobRuns() {
        List<String> runs = new ArrayList<>();
        try (Warehouse w = database.open(true)) {
            if (w.tableExists("job_runs")) {
                w.forEachRow("SELECT job, outcome, ifNull(error, '') FROM job_runs ORDER BY started, job",
                        r -> runs.add(String.join(" ", r)));
            }
        }
        return runs;
    }

    private void assertNoCredentials(CliRun.Result... results) {
        for (CliRun.Result r : results) {
            assertFalse(r.out().contains(S3TestServer.SECRET_KEY) || r.err().contains(S3TestServer.SECRET_KEY), r.err());
            assertFalse(r.out().contains(S3TestServer.ACCESS_KEY) || r.err().contains(S3TestServer.ACCESS_KEY), r.err());
        }
        String runs = String.join("\n", jobRuns());
        assertFalse(runs.contains(S3TestServer.SECRET_KEY) || runs.contains(S3TestServer.ACCESS_KEY), runs);
    }

    @Test
    void aServerWithoutBackupRefusesThePolicyNamingTablePolicyAndVersion() throws Exception {
        setUp("""
                fastpath = "full"
                pairs = "native"
                """);
        if (serverHasBackup()) {
            ClickHouseTestSupport.skip("NativeBackupClickHouseTest.aServerWithoutBackupRefusesThePolicyNamingTablePolicyAndVersion",
                    "the server has BACKUP (the other tests of the class run the policy)");
        }
        Fingerprint before;
        try (Warehouse w = database.open(true)) {
            before = w.fingerprint("pairs", null);
        }

        CliRun.Result backup = cli("backup");

        assertEquals(4, backup.exitCode(), backup.err());
        String version;
        try (Warehouse w = database.open(true)) {
            version = w.version();
            assertEquals(before, w.fingerprint("pairs", null), "live data unchanged");
        }
        assertTrue(backup.errorLine().contains(config.toString()), backup.errorLine());
        assertTrue(backup.errorLine().contains("[backup.tables] pairs: policy 'native' needs ClickHouse's BACKUP and"
                + " RESTORE (ClickHouse 22.10 or later); the store is ClickHouse " + version), backup.errorLine());
        assertEquals(List.of(), keys(""), "nothing written, not even the full table's chunks");
    }

    @Test
    void aNativeBackupIsRecordedVerifiedAndRestoredWithItsFingerprint() throws Exception {
        setUp("""
                fastpath = { policy = "native", incremental = true }
                pairs = "native"
                """);
        requireBackup("aNativeBackupIsRecordedVerifiedAndRestoredWithItsFingerprint");

        CliRun.Result backup = cli("backup");

        assertEquals(0, backup.exitCode(), backup.err());
        List<String> all = keys("");
        assertTrue(all.stream().anyMatch(k -> k.matches("clickhouse_backup/[0-9T.Z]+/pairs__base\\.bkp/\\.backup")), all.toString());
        assertTrue(all.stream().anyMatch(k -> k.matches("clickhouse_backup/[0-9T.Z]+/fastpath__base\\.bkp/\\.backup")), all.toString());
        assertTrue(all.contains("schema/pairs.sql"), all.toString());
        String manifestKey = keys("manifests/pairs/").get(0);
        ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(read(manifestKey));
        assertEquals("native", manifest.get("mode").asText());
        var entry = manifest.get("chunks").get(0);
        assertEquals("native", entry.get("kind").asText());
        assertEquals(500, entry.get("rows").asLong());
        Fingerprint live;
        try (Warehouse w = database.open(true)) {
            live = w.fingerprint("pairs", null);
        }
        assertEquals(live.hash(), entry.get("fingerprint").asText());

        CliRun.Result verify = cli("verify");
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("pairs: run "), verify.out());

        CliRun.Result restore = cli("restore", "pairs", "--into", "pairs_r");
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("native backup"), restore.out());
        try (Warehouse w = database.open(true)) {
            assertEquals(live, w.fingerprint("pairs_r", null));
            assertFalse(w.tableExists("pairs_r_restoring"));
        }

        // incremental on the base: new rows go to an incremental backup that restores whole
        try (Warehouse w = database.open(false)) {
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(10));
        }
        CliRun.Result second = cli("backup");
        assertEquals(0, second.exitCode(), second.err());
        List<String> incremental = keys("clickhouse_backup/").stream().filter(k -> k.contains("fastpath__incremental.bkp/"))
                .toList();
        assertFalse(incremental.isEmpty(), keys("clickhouse_backup/").toString());
        CliRun.Result restoreFastpath = cli("restore", "fastpath", "--into", "fastpath_r");
        assertEquals(0, restoreFastpath.exitCode(), restoreFastpath.err());
        try (Warehouse w = database.open(true)) {
            assertEquals(3_010, w.countRows("fastpath_r"));
            assertEquals(w.fingerprint("fastpath", null), w.fingerprint("fastpath_r", null));
        }
        assertNoCredentials(backup, verify, restore, second, restoreFastpath);
    }

    @Test
    void aRestoreWhoseContentDiffersFromTheManifestFailsWithExit5AndLeavesNothing() throws Exception {
        setUp("""
                fastpath = "ignore"
                pairs = "native"
                """);
        requireBackup("aRestoreWhoseContentDiffersFromTheManifestFailsWithExit5AndLeavesNothing");
        assertEquals(0, cli("backup").exitCode());
        String manifestKey = keys("manifests/pairs/").get(0);
        ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(read(manifestKey));
        ObjectNode entry = (ObjectNode) manifest.get("chunks").get(0);
        String recorded = entry.get("fingerprint").asText();
        entry.put("fingerprint", recorded + "0");
        write(manifestKey, new ObjectMapper().writeValueAsBytes(manifest));

        CliRun.Result restore = cli("restore", "pairs", "--into", "pairs_r");

        assertEquals(5, restore.exitCode(), restore.err());
        assertTrue(restore.errorLine().contains("restore of pairs from clickhouse_backup/"), restore.errorLine());
        assertTrue(restore.errorLine().contains("differs from the manifest's"), restore.errorLine());
        try (Warehouse w = database.open(true)) {
            assertFalse(w.tableExists("pairs_r"));
            assertFalse(w.tableExists("pairs_r_restoring"), "staging dropped");
        }

        // a missing object of the backup is what verify reports
        String dataObject = keys("clickhouse_backup/").stream().filter(k -> !k.endsWith("/.backup")).findFirst()
                .orElseThrow();
        s3.blobs().removeBlob(bucket, "ooni/" + dataObject);
        CliRun.Result verify = cli("verify", "pairs");
        assertEquals(5, verify.exitCode(), verify.err());
        assertTrue(verify.errorLine().contains("DIFFERS pairs clickhouse_backup/"), verify.errorLine());
        assertTrue(verify.errorLine().contains("objects of"), verify.errorLine());
        assertNoCredentials(restore, verify);
    }

    @Test
    void onTheChdbFrontTheBackupStatementFailsWithTheServersReasonAndNoCredential() throws Exception {
        setUp("""
                fastpath = "ignore"
                pairs = "native"
                """);
        if (!ClickHouseTestSupport.isChdbFront(ClickHouseTestSupport.serverUrl())) {
            ClickHouseTestSupport.skip("NativeBackupClickHouseTest.onTheChdbFrontTheBackupStatementFailsWithTheServersReasonAndNoCredential",
                    "not the chDB front");
        }
        Fingerprint before;
        try (Warehouse w = database.open(true)) {
            before = w.fingerprint("pairs", null);
        }

        CliRun.Result backup = cli("backup");

        // chDB 26.5 runs without the server's BackupsIOThreadPool: every BACKUP to S3 is refused (LOGICAL_ERROR, 49)
        assertEquals(6, backup.exitCode(), backup.err());
        assertTrue(backup.errorLine().contains("native backup of pairs to clickhouse_backup/"), backup.errorLine());
        assertTrue(backup.errorLine().contains("BackupsIOThreadPool is not initialized"), backup.errorLine());
        assertEquals(List.of(), keys("manifests/"), "no manifest for a backup that failed");
        try (Warehouse w = database.open(true)) {
            assertEquals(before, w.fingerprint("pairs", null), "live data unchanged");
        }
        assertTrue(jobRuns().stream().anyMatch(r -> r.startsWith("backup failed ")), jobRuns().toString());
        assertNoCredentials(backup);
    }

    @Test
    void aNativeRunIsRestoredOnlyWhereRestoreWorksAndNeverLeavesAStagingTable() throws Exception {
        setUp("""
                fastpath = "ignore"
                pairs = "native"
                """);
        NativeRunFixture.write(s3, bucket, "ooni/", false);

        CliRun.Result restore = cli("restore", "pairs", "--into", "pairs_r");

        try (Warehouse w = database.open(true)) {
            assertFalse(w.tableExists("pairs_r"));
            assertFalse(w.tableExists("pairs_r_restoring"), "staging dropped");
            if (!NativeBackup.available(w)) {
                assertEquals(4, restore.exitCode(), restore.err());
                assertTrue(restore.errorLine().contains("restore of pairs: policy 'native' needs ClickHouse's BACKUP and"
                        + " RESTORE (ClickHouse 22.10 or later); the store is ClickHouse " + w.version()),
                        restore.errorLine());
            } else {
                // no such backup in the bucket: the server's message quotes the S3() it was given, key id included
                assertEquals(6, restore.exitCode(), restore.err());
                assertTrue(restore.errorLine().contains("native restore of pairs from " + NativeRunFixture.BASE),
                        restore.errorLine());
                assertTrue(restore.errorLine().contains("'***'"), restore.errorLine());
            }
        }
        assertNoCredentials(restore);
    }

    private byte[] read(String key) throws Exception {
        Blob b = s3.blobs().getBlob(bucket, "ooni/" + key);
        try (var in = b.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    private void write(String key, byte[] content) {
        s3.blobs().putBlob(bucket, s3.blobs().blobBuilder("ooni/" + key).payload(content).build());
    }
}
