package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.Warehouse;

/**
 * The original tool's JSON configuration: its example file is read as it is ({@code __} keys are comments), and
 * {@code action} keeps its meaning; a bad action or key is refused through the CLI with exit 4 before anything is
 * read or written. Data flowing through both actions: {@link LegacyConfigClickHouseTest}.
 */
class LegacyConfigTest {
    /** The original's example configuration, verbatim. */
    static final String EXAMPLE = """
            {"ver": 0, "action": "export", "public_aws_access_key_id": "<REPLACEME>", "public_aws_secret_access_key": "<REPLACEME>",
             "public_bucket_name": "ooni-data-eu-fra-test", "clickhouse_url": "clickhouse://localhost/default",
             "__clickhouse_url": "clickhouse://fastpath:fastpath@localhost/default",
             "__description": "tables can be backed up as: ignore, full, incremental, partition",
             "backup_tables": {"citizenlab": "full", "fastpath": "ignore", "jsonl": "ignore", "msmt_feedback": "full",
                               "test_helper_instances": "full", "url_priorities": "full"}}
            """;

    @TempDir
    Path dir;

    @Test
    void theExampleFileExportsFastpathByMonthAndJsonlInPagesWhateverItsTablesSay() throws Exception {
        LegacyConfig c = LegacyConfig.read(write("db-backup.conf", EXAMPLE), settings());

        assertEquals("export", c.action());
        assertEquals("clickhouse://localhost/default", c.dbUrl(), "clickhouse_url, used when --db names no store");
        Map<String, TablePolicy> t = c.plan().tables();
        assertEquals(new TablePolicy("fastpath", TablePolicy.Mode.INCREMENTAL, "public", TablePolicy.Chunking.MONTH,
                "measurement_start_time", 1_000_000L), t.get("fastpath"));
        assertEquals(new TablePolicy("jsonl", TablePolicy.Mode.INCREMENTAL, "public", TablePolicy.Chunking.KEYSET,
                null, 100_000_000L), t.get("jsonl"));
        for (String other : new String[] {"citizenlab", "msmt_feedback", "test_helper_instances", "url_priorities"}) {
            assertEquals(TablePolicy.Mode.IGNORE, t.get(other).mode(), other);
        }
        assertFalse(c.plan().everyTableListed(), "the export does not require every table to be listed");
        DestinationSettings pub = c.plan().destinations().get("public");
        assertEquals("ooni-data-eu-fra-test", pub.bucket());
        assertEquals("<REPLACEME>", pub.accessKeyId());
        assertEquals(null, pub.endpoint(), "AWS when the TOML file names no public endpoint");
    }

    @Test
    void actionBackupRunsTheListedPoliciesOnTheTomlFilesPublicEndpoint() throws Exception {
        LegacyConfig c = LegacyConfig.read(write("db-backup.conf", EXAMPLE.replace("\"export\"", "\"backup\"")),
                new BackupSettings(Map.of("public", new DestinationSettings("http://127.0.0.1:9", "eu-central-1", null,
                        "p", true, null, null, null, null)), Map.of(), null, null, null, null, null, null, null, null,
                        null, null, null, null));

        assertEquals("backup", c.action());
        Map<String, TablePolicy> t = c.plan().tables();
        assertEquals(TablePolicy.Mode.FULL, t.get("citizenlab").mode());
        assertEquals(TablePolicy.Mode.IGNORE, t.get("fastpath").mode());
        assertEquals(TablePolicy.Mode.IGNORE, t.get("jsonl").mode());
        assertEquals(TablePolicy.Mode.FULL, t.get("url_priorities").mode());
        assertTrue(c.plan().everyTableListed());
        DestinationSettings pub = c.plan().destinations().get("public");
        assertEquals(new DestinationSettings("http://127.0.0.1:9", "eu-central-1", "ooni-data-eu-fra-test", "p/", true,
                "<REPLACEME>", "<REPLACEME>", null, null).toString(), pub.toString());
        assertEquals("<REPLACEME>", pub.secretAccessKey());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"action\": \"export\"     | \"action\": \"exprot\"  | \"action\" must be \"export\" or \"backup\", got \"exprot\"",
        "\"action\": \"export\"     | \"action\": 7           | \"action\" must be \"export\" or \"backup\", got 7",
        "\"__description\"          | \"_description\"        | unknown key '_description'",
        "\"citizenlab\": \"full\"   | \"citizenlab\": \"fuller\" | [backup.tables] citizenlab: unknown policy 'fuller'",
    })
    void aBadActionKeyOrPolicyIsRefusedWithExit4NamingFileKeyAndValue(String from, String to, String message)
            throws Exception {
        Path file = write("db-backup.conf", EXAMPLE.replace(from.strip(), to.strip()));
        String db = dir.resolve("live.duckdb").toString();
        Fingerprint before;
        try (Warehouse w = DuckDbWarehouse.open(db, false)) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(50));
            before = w.fingerprint("fastpath", null);
        }

        for (String command : new String[] {"backup", "verify"}) {
            CliRun.Result run = CliRun.run("--db", "duckdb:" + db, command, "--legacy-config", file.toString());

            assertEquals(4, run.exitCode(), run.err());
            assertTrue(run.errorLine().contains(file.toString()), run.errorLine());
            assertTrue(run.errorLine().contains(message.strip()), run.errorLine());
        }
        try (Warehouse w = DuckDbWarehouse.open(db, true)) {
            assertEquals(before, w.fingerprint("fastpath", null), "live data unchanged");
            assertFalse(w.tableExists("job_runs"), "refused before the store was opened for a run");
        }
    }

    private static BackupSettings settings() {
        return new BackupSettings(Map.of(), Map.of(), null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
