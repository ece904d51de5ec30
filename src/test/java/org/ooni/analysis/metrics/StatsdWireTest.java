package org.ooni.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.citizenlab.SyntheticTestLists;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.config.StatsdSettings;

/** Listens on a real UDP socket and checks the exact StatsD lines a citizenlab run sends. */
class StatsdWireTest {
    @TempDir
    Path tmp;

    @Test
    void citizenlabRunSendsTheOriginalMetricNames() throws Exception {
        try (StatsdReceiver statsd = new StatsdReceiver()) {
            Path lists = tmp.resolve("tree");
            SyntheticTestLists.write(lists, 300, List.of("ir", "ru"), 0, 5L);
            Path config = tmp.resolve("a.toml");
            Files.writeString(config, """
                    [statsd]
                    host = "127.0.0.1"
                    port = %d
                    [citizenlab]
                    source = "%s"
                    min_rows = 10
                    """.formatted(statsd.port(), lists));
            CliRun.Result r = CliRun.run("--config", config.toString(), "--db", "duckdb:" + tmp.resolve("db.duckdb"),
                    "update", "citizenlab");
            assertEquals(0, r.exitCode(), r.err());

            List<String> lines = statsd.lines();
            assertTrue(lines.contains("citizenlab_test_lists_updater.citizenlab_test_list_len:300|g"), lines.toString());
            assertEquals(1, StatsdReceiver.timerCount(lines, "citizenlab_test_lists_updater.fetch_citizen_lab_lists"),
                    lines.toString());
            assertEquals(1, StatsdReceiver.timerCount(lines, "citizenlab_test_lists_updater.update_citizenlab_table"),
                    lines.toString());
        }
    }

    @Test
    void unreachableOrUnresolvableHostNeverFailsTheJob() {
        try (Metrics m = Metrics.create(new StatsdSettings(true, "no-such-host.invalid", 8125))) {
            m.scoped("p").gauge("g", 1);
            assertEquals(3, (int) m.scoped("p").time("t", () -> 3));
        }
    }
}
