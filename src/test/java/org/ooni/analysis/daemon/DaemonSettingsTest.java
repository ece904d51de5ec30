package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.InvalidInput;

/** The {@code [daemon]} section as read from a TOML file: defaults, the per-job delay table, and rejected values. */
class DaemonSettingsTest {
    @TempDir
    Path tmp;

    private DaemonSettings read(String toml) throws Exception {
        Path file = tmp.resolve("analysis.toml");
        Files.writeString(file, toml);
        return AnalysisConfig.load(file).section("daemon", DaemonSettings.class);
    }

    @Test
    void everyKeyHasADefault() throws Exception {
        DaemonSettings s = read("");
        assertEquals(3, s.retryAttempts());
        assertEquals(10, s.retryIntervalMinutes());
        assertEquals(0, s.randomDelayFor("backup"));
        assertEquals(List.of("asnmeta", "backup", "detect"), s.heavyJobs());
        assertEquals(60, s.graceSeconds());
        assertEquals(30, s.abortWaitSeconds());
        assertEquals("", s.lockDir());
    }

    @Test
    void aPerJobDelayReplacesTheCommonOne() throws Exception {
        DaemonSettings s = read("[daemon]\nrandom_delay_seconds = 60\nrandom_delay_per_job = { backup = 1800 }\n");
        assertEquals(1800, s.randomDelayFor("backup"));
        assertEquals(60, s.randomDelayFor("citizenlab"));
    }

    @Test
    void aNegativePerJobDelayIsRejected() throws Exception {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> read("[daemon]\nrandom_delay_per_job = { backup = -5 }\n"));
        assertTrue(e.getMessage().contains("bad value in [daemon]: random_delay_per_job.backup must not be negative"),
                e.getMessage());
    }
}
