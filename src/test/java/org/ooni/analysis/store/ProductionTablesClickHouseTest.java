package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;

/**
 * The jobs against tables that a current production ClickHouse already holds, defined as production defines them
 * (created here before a job runs), in a database of the server's default engine (Atomic on current servers, so
 * swaps are EXCHANGE TABLES; Ordinary on 18.16, so they are one RENAME). The job data is the synthetic data of
 * {@code examples/}. Definitions that 18.16 cannot parse (DateTime64, now64, LowCardinality, EmbeddedRocksDB) skip
 * their test on it by name and reason.
 */
class ProductionTablesClickHouseTest {
    /** {@code fastpath} as production defines it today (the columns the project reads, and the awkward others). */
    static final String FASTPATH = """
            CREATE TABLE fastpath (
                measurement_uid String,
                report_id String,
                input String,
                probe_cc LowCardinality(String),
                probe_asn UInt32,
                test_name LowCardinality(String),
                test_start_time DateTime,
                measurement_start_time DateTime,
                filename String,
                scores String,
                platform String,
                anomaly String,
                confirmed String,
                msm_failure String,
                domain String,
                software_name String,
                software_version String,
                control_failure String,
                blocking_general Float32,
                is_ssl_expected Int8,
                page_len Int32,
                page_len_ratio Float32,
                server_cc String,
                server_asn Int8,
                server_as_name String,
                update_time DateTime64(3) MATERIALIZED now64(),
                test_version String,
                architecture String,
                engine_name LowCardinality(String),
                engine_version String,
                test_runtime Float32,
                blocking_type String,
                test_helper_address LowCardinality(String),
                test_helper_type LowCardinality(String),
                ooni_run_link_id Nullable(UInt64)
            )
            ENGINE = ReplacingMergeTree(update_time)
            ORDER BY (measurement_start_time, report_id, input, measurement_uid)
            SETTINGS index_granularity = 8192""";
    static final String CITIZENLAB = """
            CREATE TABLE citizenlab (domain String, url String, cc FixedString(32), category_code String)
            ENGINE = ReplacingMergeTree ORDER BY (domain, url, cc, category_code) SETTINGS index_granularity = 4""";
    static final String ASNMETA = """
            CREATE TABLE asnmeta (asn UInt32, org_name String, cc String, changed Date, aut_name String,
                source String)
            ENGINE = MergeTree ORDER BY (asn, changed) SETTINGS index_granularity = 8192""";

    static String fingerprints(String table, String scopes) {
        return "CREATE TABLE " + table + " (name String, scope Enum8(" + scopes + "), other_names String,"
                + " location_found String, pattern_type Enum8('full' = 1, 'prefix' = 2, 'contains' = 3,"
                + " 'regexp' = 4), pattern String, confidence_no_fp UInt8, expected_countries String, source String,"
                + " exp_url String, notes String) ENGINE = EmbeddedRocksDB PRIMARY KEY name";
    }

    private ClickHouseTestSupport database;
    private String engine;

    @BeforeEach
    void createDatabase() {
        database = ClickHouseTestSupport.createDatabase();
        engine = scalar("SELECT engine FROM system.databases WHERE name = currentDatabase()");
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private boolean current() {
        return !scalar("SELECT version()").startsWith("18.");
    }

    private void skipOn1816(String test, String reason) {
        if (!current()) {
            org.junit.jupiter.api.Assumptions.abort(ClickHouseTestSupport.visible(
                    "ProductionTablesClickHouseTest." + test + " not run on ClickHouse 18.16: " + reason));
        }
    }

    private void execute(String sql) {
        try (ClickHouseHttp http = new ClickHouseHttp(database.url(), false)) {
            http.execute("set up", sql);
        }
    }

    private List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (ClickHouseHttp http = new ClickHouseHttp(database.url(), false)) {
            http.query("read", sql, ClickHouseFormat.TabSeparatedWithNamesAndTypes, in -> {
                new TsvResultReader(in).forEach(rows::add);
                return null;
            });
        }
        return rows;
    }

    // the last column of the changepoints is the time of the detection run, which differs between the two runs
    private static List<List<String>> withoutLastColumn(List<List<String>> rows) {
        return rows.stream().map(r -> r.subList(0, r.size() - 1)).toList();
    }

    private String scalar(String sql) {
        return rows(sql).get(0).get(0);
    }

    private String tableEngine(String table) {
        return scalar("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'");
    }

    private CliRun.Result ok(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", "examples/analysis.toml", "--db", database.dbArgument()));
        all.addAll(List.of(args));
        CliRun.Result r = CliRun.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), () -> all + "\n" + r.out() + r.err());
        return r;
    }

    private void assertSwapLeftNothingAside() {
        assertEquals("0", scalar("SELECT count() FROM system.tables WHERE database = currentDatabase()"
                + " AND name LIKE '%swap_aside%'"));
    }

    @Test
    void citizenlabSwapsIntoTheProductionTable() {
        execute(CITIZENLAB);
        execute("CREATE TABLE citizenlab_flip AS citizenlab");
        execute("INSERT INTO citizenlab VALUES ('old.example', 'http://old.example/', 'ZZ', 'NEWS')");

        ok("update", "citizenlab");

        assertEquals("0", scalar("SELECT count() FROM citizenlab WHERE domain = 'old.example'"), "old rows swapped out");
        assertTrue(Long.parseLong(scalar("SELECT count() FROM citizenlab")) > 100);
        assertEquals("ReplacingMergeTree", tableEngine("citizenlab"));
        assertTrue(Long.parseLong(scalar("SELECT count() FROM citizenlab WHERE substring(toString(cc), 1, 2) = 'ZZ'")) > 0, "global list as ZZ");
        assertEquals(current() ? "Atomic" : "Ordinary", engine, "the server's default database engine");
        assertSwapLeftNothingAside();
    }

    @Test
    void fingerprintsSwapIntoEmbeddedRocksDbTables() {
        skipOn1816("fingerprintsSwapIntoEmbeddedRocksDbTables", "18.16 has no EmbeddedRocksDB engine");
        execute(fingerprints("fingerprints_dns", "'nat' = 1, 'isp' = 2, 'prod' = 3, 'inst' = 4, 'vbw' = 5, 'fp' = 6"));
        execute(fingerprints("fingerprints_http",
                "'nat' = 1, 'isp' = 2, 'prod' = 3, 'inst' = 4, 'vbw' = 5, 'fp' = 6, 'injb' = 7, 'prov' = 8"));

        ok("update", "fingerprints");

        assertEquals("EmbeddedRocksDB", tableEngine("fingerprints_dns"));
        assertEquals("EmbeddedRocksDB", tableEngine("fingerprints_http"));
        assertTrue(Long.parseLong(scalar("SELECT count() FROM fingerprints_dns")) > 100);
        assertTrue(Long.parseLong(scalar("SELECT count() FROM fingerprints_http")) > 100);
        // a key lookup, which is what EmbeddedRocksDB is for
        String name = scalar("SELECT min(name) FROM fingerprints_dns");
        assertEquals("1", scalar("SELECT count() FROM fingerprints_dns WHERE name = '" + name + "'"));
        assertSwapLeftNothingAside();
    }

    @Test
    void asnmetaSwapsIntoTheProductionTable() {
        execute(ASNMETA);

        ok("update", "asnmeta");

        assertEquals("MergeTree", tableEngine("asnmeta"));
        assertTrue(Long.parseLong(scalar("SELECT count() FROM asnmeta")) > 10);
        ok("asnmeta", "lookup", scalar("SELECT toString(min(asn)) FROM asnmeta"));
        assertSwapLeftNothingAside();
    }

    /**
     * The legacy detector reads the production {@code fastpath} (LowCardinality columns, a MATERIALIZED
     * DateTime64 column that {@code SELECT *} leaves out) and finds the same changes as on the project's own
     * fastpath shape in a second database.
     */
    @Test
    void ewmaDetectorReadsTheProductionFastpath() {
        skipOn1816("ewmaDetectorReadsTheProductionFastpath", "18.16 has no DateTime64 or now64()");
        execute(FASTPATH);
        String[] generate = {"generate", "measurements", "--from", "2024-01-01T00:00:00Z", "--to",
            "2024-01-09T00:00:00Z", "--countries", "UG", "--asns-per-country", "1", "--domains", "twitter.com",
            "--rate", "6", "--episodes", "1", "--seed", "5", "--fastpath"};
        String[] detect = {"detect", "--algorithm", "ewma", "--from", "2024-01-01T00:00:00Z", "--to",
            "2024-01-09T00:00:00Z"};
        ok(generate);
        ok(detect);
        String changes = "SELECT * FROM event_detector_changepoints ORDER BY ALL";
        List<List<String>> production = withoutLastColumn(rows(changes));
        assertFalse(production.isEmpty(), "the injected episode is found");
        assertEquals("0", scalar("SELECT count() FROM fastpath WHERE update_time < now64() - INTERVAL 1 HOUR"),
                "update_time filled by the server");
        assertEquals("LowCardinality(String)", scalar("SELECT type FROM system.columns WHERE database ="
                + " currentDatabase() AND table = 'fastpath' AND name = 'probe_cc'"), "the table was not replaced");

        ClickHouseTestSupport own = database;
        database = ClickHouseTestSupport.createDatabase();
        try {
            ok(generate);
            ok(detect);
            assertEquals(production, withoutLastColumn(rows(changes)));
        } finally {
            database.close();
            database = own;
        }
    }

    /**
     * What a restore relies on, on the production fastpath: the recorded DDL recreates the table, the CSV of
     * {@code SELECT *} loads back into it (the MATERIALIZED column is filled again), and the content fingerprint
     * of the copy equals the original's.
     */
    @Test
    void productionFastpathExportsAndLoadsBackWithTheSameFingerprint() {
        skipOn1816("productionFastpathExportsAndLoadsBackWithTheSameFingerprint", "18.16 has no DateTime64 or now64()");
        execute(FASTPATH);
        execute("INSERT INTO fastpath (measurement_uid, report_id, input, probe_cc, probe_asn, test_name,"
                + " measurement_start_time, blocking_general, ooni_run_link_id, engine_name)"
                + " SELECT toString(number), 'r', concat('https://x/', toString(number)), ['IT', 'UG'][number % 2 + 1],"
                + " 100 + number, 'web_connectivity', toDateTime('2024-01-01 00:00:00') + number * 3600,"
                + " number / 10, if(number % 3 = 0, NULL, number), 'ooniprobe-engine' FROM numbers(50)");
        try (Warehouse w = database.open(false)) {
            TableInfo info = w.describeTable("fastpath");
            assertTrue(info.ddl().contains("MATERIALIZED now64()"), info.ddl());
            execute(info.ddl().replaceFirst("fastpath", "fastpath_copy"));
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            Fingerprint exported = w.exportCsvWithFingerprint("fastpath", null, csv);
            String header = csv.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
            assertFalse(header.contains("update_time"), "SELECT * leaves the MATERIALIZED column out: " + header);
            List<String> columns = List.of(header.replace("\"", "").split(","));
            ((CsvBulkInsert) w).insertCsvWithNames("fastpath_copy", columns, new ByteArrayInputStream(csv.toByteArray()));
            assertEquals(50, exported.rows());
            assertEquals(exported, w.fingerprint("fastpath", null));
            assertEquals(exported, w.fingerprint("fastpath_copy", null));
        }
        assertEquals("17", scalar("SELECT countIf(isNull(ooni_run_link_id)) FROM fastpath_copy"), "NULLs kept");
    }
}
