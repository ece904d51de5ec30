package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.Warehouse;

/**
 * The {@code native} policy where it cannot work, through the CLI on DuckDB: refused with exit 4 naming the table,
 * the policy and the store before anything is read or written; its options refused where they do not apply.
 * Credentials of a server-side S3 address are masked in every message ({@link ServerSideS3#mask}). {@code verify}
 * checks a native backup's folder in S3Proxy (objects only: the run came from ClickHouse).
 */
class NativePolicyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "pairs = \"native\"                                   | [backup.tables] pairs: policy 'native' needs ClickHouse's BACKUP and RESTORE (ClickHouse 22.10 or later); the store is DuckDB ",
        "pairs = { policy = \"native\", chunk = \"month\" }   | [backup.tables] pairs: policy native backs up the whole table; chunk, column and page_rows do not apply",
        "pairs = { policy = \"full\", incremental = true }    | [backup.tables] pairs: incremental = true applies to policy native only",
        "pairs = { policy = \"native\", incremental = \"yes\" } | [backup.tables] pairs: incremental must be true or false",
    })
    void refusedWithExit4BeforeAnythingIsWritten(String line, String message) throws Exception {
        Path config = dir.resolve("analysis.toml");
        Files.writeString(config, """
                [backup]
                [backup.destinations.private]
                endpoint = "http://127.0.0.1:9"
                bucket = "b"
                access_key_id = "a"
                secret_access_key = "s"
                [backup.tables]
                fastpath = "full"
                %s
                """.formatted(line.strip()));
        String db = dir.resolve("live.duckdb").toString();
        Fingerprint before;
        try (Warehouse w = DuckDbWarehouse.open(db, false)) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(20));
            w.createTableIfMissing(BackupRoundTripContract.PAIRS);
            before = w.fingerprint("fastpath", null);
        }

        // the endpoint (port 9) is never contacted: an S3 request would fail with exit 3, not 4
        CliRun.Result run = CliRun.run("--db", "duckdb:" + db, "--config", config.toString(), "backup");

        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.errorLine().contains(config.toString()), run.errorLine());
        assertTrue(run.errorLine().contains(message.strip()), run.errorLine());
        try (Warehouse w = DuckDbWarehouse.open(db, true)) {
            assertEquals(before, w.fingerprint("fastpath", null), "live data unchanged");
        }
    }

    @Test
    void verifyChecksANativeBackupsObjectsMetadataAndBase() throws Exception {
        try (S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("natives");
            NativeRunFixture.write(s3, "natives", "p/", true);
            Path config = nativesConfig(s3, "p", "[backup.tables]\npairs = \"native\"\n");
            String[] verify = {"--db", "duckdb:" + dir.resolve("v.duckdb"), "--config", config.toString(), "verify"};

            CliRun.Result ok = CliRun.run(verify);
            assertEquals(0, ok.exitCode(), ok.err());
            assertTrue(ok.out().contains("pairs: run " + NativeRunFixture.RUN + ", 1 chunks checked in s3://natives/p/ (objects only)"),
                    ok.out());

            NativeRunFixture.put(s3, "natives", "p/" + NativeRunFixture.BASE + "/.backup", "<changed/>".getBytes());
            CliRun.Result changed = CliRun.run(verify);
            assertEquals(5, changed.exitCode(), changed.err());
            assertTrue(changed.errorLine().contains("DIFFERS pairs " + NativeRunFixture.BASE + ": "), changed.errorLine());

            NativeRunFixture.write(s3, "natives", "p/", true);
            s3.blobs().removeBlob("natives", "p/" + NativeRunFixture.BASE + "/data/default/pairs/all_1_1_0/data.bin");
            CliRun.Result missing = CliRun.run(verify);
            assertEquals(5, missing.exitCode(), missing.err());
            assertTrue(missing.errorLine().contains("DIFFERS pairs " + NativeRunFixture.BASE + ": 1 objects of "
                    + NativeRunFixture.METADATA.length + " bytes != manifest 2 objects of "), missing.errorLine());
        }
    }

    @Test
    void aNativeRunIsNotRestoredIntoDuckDb() throws Exception {
        try (S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("natives");
            NativeRunFixture.write(s3, "natives", "", true);
            Path config = nativesConfig(s3, "", "");

            CliRun.Result restore = CliRun.run("--db", "duckdb:" + dir.resolve("r.duckdb"), "--config",
                    config.toString(), "restore", "pairs");

            assertEquals(4, restore.exitCode(), restore.err());
            assertTrue(restore.errorLine().contains("manifests/pairs/" + NativeRunFixture.RUN + ".json"), restore.errorLine());
            assertTrue(restore.errorLine().contains("restore of pairs: policy 'native' needs ClickHouse's BACKUP and"
                    + " RESTORE (ClickHouse 22.10 or later); the store is DuckDB "), restore.errorLine());
            try (Warehouse w = DuckDbWarehouse.open(dir.resolve("r.duckdb").toString(), true)) {
                assertTrue(!w.tableExists("pairs") && !w.tableExists("pairs_restoring"));
            }
        }
    }

    @Test
    void pruneDeletesAnOldNativeBackupsFolderButNotABaseAKeptRunUses() throws Exception {
        try (S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("natives");
            String first = NativeRunFixture.write(s3, "natives", "", "20261201T000000.000Z", null, true);
            String second = NativeRunFixture.write(s3, "natives", "", "20261202T000000.000Z", first, true);
            String third = NativeRunFixture.write(s3, "natives", "", "20261203T000000.000Z", null, true);
            Path config = nativesConfig(s3, "", "");
            String[] prune = {"--db", "duckdb:" + dir.resolve("p.duckdb"), "--config", config.toString(), "backups",
                "prune", "--keep", "2"};

            CliRun.Result kept = CliRun.run(prune);

            assertEquals(0, kept.exitCode(), kept.err());
            // the first run is beyond the two kept, but the second (kept) is incremental on its backup
            assertTrue(kept.out().contains("keep pairs run 20261201T000000.000Z (private): a newer incremental native"
                    + " backup is on its base"), kept.out());
            assertEquals(2, objects(s3, first).size(), "a base a kept incremental backup needs stays");
            assertEquals(2, objects(s3, third).size());

            CliRun.Result pruned = CliRun.run(prune[0], prune[1], prune[2], prune[3], prune[4], prune[5], prune[6], "1");

            assertEquals(0, pruned.exitCode(), pruned.err());
            assertEquals(List.of(), objects(s3, second), "the second run's folder is deleted with it");
            assertEquals(List.of(), objects(s3, first), "and its base, which no kept run needs any more");
            assertEquals(2, objects(s3, third).size(), "the kept run's folder stays");
            assertEquals(List.of("manifests/pairs/20261203T000000.000Z.json"), objects(s3, "manifests/pairs"));
        }
    }

    private static List<String> objects(S3TestServer s3, String folder) {
        List<String> keys = new ArrayList<>();
        s3.blobs().list("natives", ListContainerOptions.Builder.prefix(folder + "/").recursive())
                .forEach(m -> keys.add(m.getName()));
        return keys;
    }

    @Test
    void credentialsAreMaskedAsTheyAreAndAsTheStatementQuotesThem() {
        ServerSideS3 s3 = new ServerSideS3("http://h/b/k", "AKID-1", "se'cr\\et", null);

        assertEquals("Backup S3('http://h/b/k', '***', '***') failed; *** ***",
                s3.mask("Backup S3('http://h/b/k', 'AKID-1', 'se\\'cr\\\\et') failed; se'cr\\et AKID-1"));
        assertEquals("ServerSideS3[url=http://h/b/k, credentials=***]", s3.toString());
    }

    /**
     * This test's analysis.toml: the private destination in S3Proxy's bucket "natives" under {@code prefix}, then
     * {@code more}.
     */
    private Path nativesConfig(S3TestServer s3, String prefix, String more) throws IOException {
        Path config = dir.resolve("analysis.toml");
        Files.writeString(config, """
                [backup.destinations.private]
                endpoint = "%s"
                bucket = "natives"
                %spath_style = true
                access_key_id = "%s"
                secret_access_key = "%s"
                """.formatted(s3.endpoint(), prefix.isEmpty() ? "" : "prefix = \"" + prefix + "\"\n",
                S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY) + more);
        return config;
    }
}
