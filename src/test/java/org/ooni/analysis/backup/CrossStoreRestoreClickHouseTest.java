package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/**
 * A backup taken from one store kind restores into the other (DuckDB → ClickHouse and back), with the same rows:
 * compared as counts and as sorted samples of every column rendered the same way on both stores.
 */
class CrossStoreRestoreClickHouseTest {
    static final long ROWS = 20_000;
    private static S3TestServer s3;
    private static int bucketNo;

    @TempDir
    Path dir;
    private ClickHouseTestSupport clickhouse;
    private String duckPath;

    @BeforeAll
    static void start() {
        ClickHouseTestSupport.serverUrl();
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void stores() {
        clickhouse = ClickHouseTestSupport.createDatabase();
        duckPath = dir.resolve("analysis.duckdb").toString();
    }

    @AfterEach
    void dropDatabase() {
        clickhouse.close();
    }

    private String duckDb() {
        return "duckdb:" + duckPath;
    }

    private Path config() throws Exception {
        return config("fastpath = \"incremental\"");
    }

    private Path config(String tables) throws Exception {
        String bucket = "cross-" + (++bucketNo);
        s3.createBucket(bucket);
        Path config = dir.resolve("analysis-" + bucketNo + ".toml");
        Files.writeString(config, """
                [backup]
                pause_seconds = 0
                [backup.destinations.private]
                endpoint = "%s"
                bucket = "%s"
                path_style = true
                access_key_id = "%s"
                secret_access_key = "%s"
                [backup.tables]
                %s
                """.formatted(s3.endpoint(), bucket, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, tables));
        return config;
    }

    private static void fill(Warehouse w) {
        try (w) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(ROWS));
        }
    }

    private static void run(String db, Path config, String... args) {
        CliRun.Result r = cli(db, config, args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
    }

    private static CliRun.Result cli(String db, Path config, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--db", db, "--config", config.toString()}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRun.run(all);
    }

    // the same text on both stores: times as epoch seconds, floats as integer thousandths, enum and fixed string as text
    private static final String DUCKDB_SAMPLE = "SELECT measurement_uid, CAST(epoch(measurement_start_time) AS BIGINT),"
            + " probe_cc, probe_asn, CAST(test_name AS VARCHAR), input, anomaly, CAST(round(test_runtime * 1000) AS BIGINT), CAST(day AS VARCHAR)"
            + " FROM %s ORDER BY measurement_uid";
    private static final String CLICKHOUSE_SAMPLE = "SELECT measurement_uid, toInt64(toUnixTimestamp(measurement_start_time)),"
            + " probe_cc, probe_asn, toString(test_name), input, anomaly, toInt64(round(test_runtime * 1000)), toString(day)"
            + " FROM %s ORDER BY measurement_uid";

    private List<List<String>> sample(boolean duck, String table) {
        try (Warehouse w = duck ? DuckDbWarehouse.open(duckPath, false) : clickhouse.open(false)) {
            assertEquals(ROWS, w.countRows(table));
            return BackupSamples.ofQuery(w, (duck ? DUCKDB_SAMPLE : CLICKHOUSE_SAMPLE).formatted(table));
        }
    }

    // names the first differing row: a whole-sample message is unreadable
    private static void assertSameRows(List<List<String>> expected, List<List<String>> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "sample row " + i);
        }
        assertEquals(expected.size(), actual.size());
    }

    @Test
    void aDuckDbBackupRestoresIntoClickHouse() throws Exception {
        fill(DuckDbWarehouse.open(duckPath, false));
        Path config = config();
        run(duckDb(), config, "backup");
        run(clickhouse.dbArgument(), config, "restore", "fastpath", "--into", "fastpath_copy");
        assertSameRows(sample(true, "fastpath"), sample(false, "fastpath_copy"));
    }

    @Test
    void aClickHouseBackupRestoresIntoDuckDb() throws Exception {
        fill(clickhouse.open(false));
        Path config = config();
        run(clickhouse.dbArgument(), config, "backup");
        run(duckDb(), config, "restore", "fastpath", "--into", "fastpath_copy");
        assertSameRows(sample(false, "fastpath"), sample(true, "fastpath_copy"));
    }

    @Test
    void aClickHouseColumnDuckDbCannotHoldRefusesTheRestoreBeforeAnythingIsCreated() throws Exception {
        try (Warehouse w = clickhouse.open(false)) {
            w.createTableFromDdl("tagged", "CREATE TABLE tagged (`id` UInt32, `big` UInt64, `tags` Array(String),"
                    + " `note` Nullable(String)) ENGINE = MergeTree ORDER BY id");
            w.insertText("tagged", List.of("id", "big", "tags", "note"), List.of(
                    new String[] {"1", "18446744073709551615", "['a','b,c']", null},
                    new String[] {"2", "9223372036854775808", "[]", "x"}).iterator());
        }
        Path config = config("tagged = \"full\"");
        run(clickhouse.dbArgument(), config, "backup");
        try (Warehouse duck = DuckDbWarehouse.open(duckPath, false)) {
            duck.createTableFromDdl("tagged_copy", "CREATE TABLE tagged_copy (id INTEGER)");
        }

        CliRun.Result r = cli(duckDb(), config, "restore", "tagged", "--into", "tagged_copy");

        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.err().contains(": cannot restore tagged from clickhouse into duckdb: column tags Array(String):"
                + " Array(String) has no DuckDB type that holds all its values; nothing was loaded"), r.err());
        try (Warehouse duck = DuckDbWarehouse.open(duckPath, false)) {
            // the empty target is as it was, and no staging table (whatever its name) was created
            assertEquals(List.of("tagged_copy"), duck.listTables().stream().filter(t -> t.contains("tagged")).toList());
            assertEquals(0, duck.countRows("tagged_copy"));
            assertEquals(List.of("id"), duck.describeTable("tagged_copy").columnNames());
        }
    }

    @Test
    void theIssuesTableRestoresIntoDuckDbWithNullsSignedWidthsAndUnsigned64Kept() throws Exception {
        try (Warehouse w = clickhouse.open(false)) {
            w.createTableFromDdl("measurements", "CREATE TABLE measurements (`id` UInt32, `input` Nullable(String),"
                    + " `anomaly` Int8, `big` UInt64, `t` DateTime('UTC')) ENGINE = MergeTree ORDER BY id");
            w.insertText("measurements", List.of("id", "input", "anomaly", "big", "t"), List.of(
                    new String[] {"1", null, "-128", "18446744073709551615", "2024-01-01 00:00:00"},
                    new String[] {"2", "\\N", "127", "9223372036854775808", "2105-12-31 23:59:59"},
                    new String[] {"3", "", "0", "0", "1970-01-01 00:00:01"}).iterator());
        }
        Path config = config("measurements = \"full\"");
        run(clickhouse.dbArgument(), config, "backup");
        run(duckDb(), config, "restore", "measurements", "--into", "measurements_copy");

        try (Warehouse duck = DuckDbWarehouse.open(duckPath, false)) {
            assertEquals(List.of(List.of("id", "UINTEGER", "NO"), List.of("input", "VARCHAR", "YES"),
                    List.of("anomaly", "TINYINT", "NO"), List.of("big", "UBIGINT", "NO"), List.of("t", "TIMESTAMP", "NO")),
                    BackupSamples.ofQuery(duck, "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                            + " WHERE table_name = 'measurements_copy' ORDER BY ordinal_position"));
            assertEquals(List.of(
                    List.of("1", "true", "", "-128", "18446744073709551615", "2024-01-01 00:00:00"),
                    List.of("2", "false", "\\N", "127", "9223372036854775808", "2105-12-31 23:59:59"),
                    List.of("3", "false", "", "0", "0", "1970-01-01 00:00:01")),
                    BackupSamples.ofQuery(duck, "SELECT CAST(id AS VARCHAR), CAST(input IS NULL AS VARCHAR),"
                            + " coalesce(input, ''), CAST(anomaly AS VARCHAR), CAST(big AS VARCHAR), CAST(t AS VARCHAR)"
                            + " FROM measurements_copy ORDER BY id"));
        }
    }
}
