package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.Warehouse;

/**
 * Nonsensical streaming settings are refused when the configuration is read: {@link InvalidInput} naming the key,
 * the value and the bound, exit 4 through the CLI, before any byte is read from the store or sent to S3.
 */
class BackupSettingsValidationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "part_size_bytes = 1048576         | part_size_bytes = 1048576 is below 5242880, S3's minimum part size (5 MiB)",
        "part_size_bytes = 5242879         | part_size_bytes = 5242879 is below 5242880",
        "parts_in_flight = 0               | parts_in_flight = 0 must be at least 1",
        "parts_in_flight = -2              | parts_in_flight = -2 must be at least 1",
        "zstd_level = 0                    | zstd_level = 0 must be at least 1",
        "zstd_level = 23                   | zstd_level = 23 must be at most 22",
        "zstd_workers = -1                 | zstd_workers = -1 must be at least 0",
        "zstd_workers = 17                 | zstd_workers = 17 must be at most 16",
        "pause_seconds = -0.5              | pause_seconds = -0.5 must be at least 0",
        "bandwidth_bytes_per_second = -1   | bandwidth_bytes_per_second = -1 must be at least 0",
        "max_attempts = 0                  | max_attempts = 0 must be at least 1",
        "retry_backoff_ms = -1             | retry_backoff_ms = -1 must be at least 0",
        "page_rows = 0                     | page_rows = 0 must be at least 1",
    })
    void aBadValueIsRefusedWithItsKeyValueAndBound(String line, String message) throws Exception {
        Path config = config(line.strip());
        String db = dir.resolve("live.duckdb").toString();
        Fingerprint before;
        try (Warehouse w = DuckDbWarehouse.open(db, false)) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(100));
            before = w.fingerprint("fastpath", null);
        }

        CliRun.Result run = CliRun.run("--db", "duckdb:" + db, "--config", config.toString(), "backup");

        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.errorLine().contains(config.toString()), run.errorLine());
        assertTrue(run.errorLine().contains(message.strip()), run.errorLine());
        try (Warehouse w = DuckDbWarehouse.open(db, true)) {
            assertEquals(before, w.fingerprint("fastpath", null), "live data unchanged");
        }
        InvalidInput e = assertThrows(InvalidInput.class, () -> BackupPlan.of(settings(line.strip()), "analysis.toml"));
        assertTrue(e.rule().contains(message.strip()), e.getMessage());
    }

    @Test
    void partsOfExactlyFiveMebibytesAndALoweredTestMinimumAreAccepted() {
        assertEquals(5 << 20, BackupPlan.of(settings("part_size_bytes = 5242880"), "t").settings().partSizeBytes());
        assertEquals(65536, BackupPlan.of(new BackupSettings(Map.of(), Map.of(), null, null, 65536, null, null,
                null, null, null, null, null, 65536, null), "t").settings().partSizeBytes());
    }

    private Path config(String line) throws Exception {
        Path config = dir.resolve("analysis.toml");
        // the endpoint is never contacted: the configuration is refused first
        Files.writeString(config, """
                [backup]
                %s
                [backup.destinations.private]
                endpoint = "http://127.0.0.1:9"
                bucket = "b"
                access_key_id = "a"
                secret_access_key = "s"
                [backup.tables]
                fastpath = "full"
                """.formatted(line));
        return config;
    }

    private static BackupSettings settings(String line) {
        String[] kv = line.split("=");
        String key = kv[0].strip();
        String v = kv[1].strip();
        return new BackupSettings(Map.of(), Map.of(),
                key.equals("zstd_level") ? Integer.valueOf(v) : null,
                key.equals("zstd_workers") ? Integer.valueOf(v) : null,
                key.equals("part_size_bytes") ? Integer.valueOf(v) : null,
                key.equals("parts_in_flight") ? Integer.valueOf(v) : null,
                key.equals("pause_seconds") ? Double.valueOf(v) : null,
                key.equals("bandwidth_bytes_per_second") ? Long.valueOf(v) : null,
                key.equals("max_attempts") ? Integer.valueOf(v) : null,
                key.equals("retry_backoff_ms") ? Long.valueOf(v) : null,
                key.equals("page_rows") ? Long.valueOf(v) : null, null, null, null);
    }
}
