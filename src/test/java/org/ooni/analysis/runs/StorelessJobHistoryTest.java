package org.ooni.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** geoip uses no store: its runs go into a DuckDB store that exists, and never create one. */
class StorelessJobHistoryTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path config;
    Path db;

    @BeforeEach
    void writeConfig() throws Exception {
        config = tmp.resolve("analysis.toml");
        db = tmp.resolve("store.duckdb");
        // Month files that are not there: the run ends one way or the other without any network.
        Files.writeString(config, """
                [statsd]
                enabled = false
                [geoip]
                dir = "%s"
                asn_url = "%s"
                cc_url = "%s"
                """.formatted(tmp.resolve("geoip"), tmp.resolve("asn-{YYYY-MM}.mmdb.gz"),
                tmp.resolve("cc-{YYYY-MM}.mmdb.gz")).replace("\\", "\\\\"));
    }

    CliRun.Result geoip() {
        return CliRun.run(Map.of(), CLOCK, "--config", config.toString(), "--db", "duckdb:" + db, "update", "geoip");
    }

    @Test
    void aMissingDuckDbFileIsNotCreatedForTheHistory() {
        CliRun.Result r = geoip();
        assertEquals(3, r.exitCode(), r.err());
        assertFalse(Files.exists(db), "store created by a job that uses none");
        assertFalse(r.err().contains("WARN"), r.err());
    }

    @Test
    void anExistingStoreGetsTheRunWithTheSameExitCode() {
        int withoutStore = geoip().exitCode();
        try (Warehouse wh = DuckDbWarehouse.open(db.toString(), false)) {
            assertFalse(wh.tableExists(JobRunsTable.NAME));
        }
        CliRun.Result r = geoip();
        assertEquals(withoutStore, r.exitCode(), r.err());
        List<String> rows = new ArrayList<>();
        try (Warehouse wh = DuckDbWarehouse.open(db.toString(), true)) {
            wh.forEachRow("SELECT job, outcome, error FROM job_runs", row -> rows.add(String.join("|", row)));
        }
        assertEquals(3, r.exitCode(), r.err());
        assertEquals("error: source unavailable: " + tmp.resolve("asn-2024-03.mmdb.gz") + ": no such file",
                r.errorLine());
        assertEquals(List.of("geoip|failed|" + r.errorLine().substring("error: ".length())), rows);
    }
}
