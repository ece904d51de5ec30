package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;

/**
 * What stops {@code daemon} before it schedules anything, through {@code Main.run}: each bad setting gives its
 * error kind, a message naming it, its exit code, and no store is opened or created.
 */
class DaemonCommandTest {
    @TempDir
    Path tmp;

    private CliRun.Result daemon(String toml, String... extra) throws Exception {
        Path config = tmp.resolve("analysis.toml");
        Files.writeString(config, "[statsd]\nenabled = false\n" + toml);
        String[] args = new String[extra.length + 5];
        args[0] = "--config";
        args[1] = config.toString();
        args[2] = "--db";
        args[3] = "duckdb:" + tmp.resolve("analysis.duckdb");
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 1] = "daemon";
        return CliRun.run(args);
    }

    private void assertNoStore() {
        assertFalse(Files.exists(tmp.resolve("analysis.duckdb")), "no store was created");
    }

    @Test
    void dryRunIsRefused() throws Exception {
        CliRun.Result r = daemon("", "--dry-run");
        assertEquals(2, r.exitCode());
        assertEquals("error: usage error: daemon takes no --dry-run (run 'update <job> --dry-run' instead)",
                r.errorLine());
        assertNoStore();
    }

    @Test
    void aRetryCountBelowOneIsInvalid() throws Exception {
        CliRun.Result r = daemon("[daemon]\nretry_attempts = 0\n");
        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("bad value in [daemon]: retry_attempts must be at least 1, not 0"),
                r.errorLine());
        assertTrue(r.errorLine().contains(tmp.resolve("analysis.toml").toString()), r.errorLine());
        assertNoStore();
    }

    @Test
    void aNegativeGracePeriodIsInvalid() throws Exception {
        CliRun.Result r = daemon("[daemon]\ngrace_seconds = -1\n");
        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("bad value in [daemon]: retry_interval_minutes, random_delay_seconds, "
                + "grace_seconds and abort_wait_seconds must not be negative"), r.errorLine());
        assertNoStore();
    }

    @Test
    void anUnknownKeyIsInvalid() throws Exception {
        CliRun.Result r = daemon("[daemon]\nretries = 3\n");
        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("unknown key 'retries' in [daemon]"), r.errorLine());
        assertNoStore();
    }

    @Test
    void anUnknownHeavyJobIsAUsageError() throws Exception {
        CliRun.Result r = daemon("[daemon]\nheavy_jobs = [\"backups\"]\n");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.errorLine().startsWith("error: usage error: [daemon] heavy_jobs: no job named 'backups' (have "
                + "[citizenlab, fingerprints, asnmeta, geoip, backup, detect])"), r.errorLine());
        assertNoStore();
    }

    @Test
    void aBadCronExpressionIsInvalid() throws Exception {
        CliRun.Result r = daemon("[schedule]\ncitizenlab = \"*/30 * * *\"\n");
        assertEquals(4, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("citizenlab: cron expression '*/30 * * *' must have 5 fields"), r.errorLine());
        assertNoStore();
    }

    @Test
    void nothingToScheduleIsAUsageError() throws Exception {
        CliRun.Result r = daemon("[schedule]\ncitizenlab = \"\"\nfingerprints = \"\"\nasnmeta = \"\"\ndetect = \"\"\n");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: usage error: no job to schedule: every [schedule] entry is empty or its job is not "
                + "configured", r.errorLine());
        assertTrue(r.err().contains("WARN daemon: geoip: not scheduled: [geoip] enabled is false"), r.err());
        assertTrue(r.err().contains("WARN daemon: backup: not scheduled: no [backup.destinations] or no "
                + "[backup.tables] in "), r.err());
        assertNoStore();
    }

    @Test
    void hostOrPortWithoutServeIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("--db", "duckdb:" + tmp.resolve("analysis.duckdb"), "daemon", "--port", "9000");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: usage error: --host and --port need --serve", r.errorLine());
        assertNoStore();
    }

    @Test
    void aPortOutOfRangeWithServeIsAUsageErrorBeforeTheStoreOpens() throws Exception {
        Path config = tmp.resolve("analysis.toml");
        Files.writeString(config, "[statsd]\nenabled = false\n[daemon]\nlock_dir = \"" + tmp.resolve("locks") + "\"\n");
        CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("analysis.duckdb"),
                "daemon", "--serve", "--port", "70000");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: usage error: --port must be in 0..65535, not 70000", r.errorLine());
        assertNoStore();
    }
}
