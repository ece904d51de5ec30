package org.ooni.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;

/**
 * The updaters' series on the wire are the original's, in count and value: {@code fetch_csv} once per file,
 * {@code fingerprints_update_progress} 0 to 8, {@code asnmeta_update_progress} 0 to 4, timers as {@code %0.6f|ms}.
 * The jobs read the example files shipped in {@code examples/} and write a DuckDB file; a real UDP socket listens.
 */
class OriginalSeriesWireTest {
    @TempDir
    Path tmp;

    private List<String> run(StatsdReceiver statsd, String section, String... job) throws Exception {
        Path config = tmp.resolve("a.toml");
        Files.writeString(config, """
                [statsd]
                host = "127.0.0.1"
                port = %d
                %s
                """.formatted(statsd.port(), section));
        String[] args = new String[job.length + 4];
        System.arraycopy(new String[] {"--config", config.toString(), "--db", "duckdb:" + tmp.resolve("db.duckdb")},
                0, args, 0, 4);
        System.arraycopy(job, 0, args, 4, job.length);
        CliRun.Result r = CliRun.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return statsd.lines();
    }

    @Test
    void fingerprintsSendFetchCsvPerFileAndProgressZeroToEight() throws Exception {
        try (StatsdReceiver statsd = new StatsdReceiver()) {
            List<String> lines = run(statsd, """
                    [fingerprints]
                    dns_url = "%s"
                    http_url = "%s"
                    min_rows = 10
                    """.formatted(Path.of("examples/fingerprints/fingerprints_dns.csv").toAbsolutePath(),
                    Path.of("examples/fingerprints/fingerprints_http.csv").toAbsolutePath()), "update", "fingerprints");
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"),
                    StatsdReceiver.gaugeValues(lines, "fingerprints_updater.fingerprints_update_progress"), lines.toString());
            assertEquals(2, StatsdReceiver.timerCount(lines, "fingerprints_updater.fetch_csv"), lines.toString());
            assertEquals(1, StatsdReceiver.gaugeValues(lines, "fingerprints_updater.fingerprints_dns_tmp_len").size());
            assertEquals(1, StatsdReceiver.gaugeValues(lines, "fingerprints_updater.fingerprints_http_tmp_len").size());
        }
    }

    @Test
    void asnmetaSendsProgressZeroToFour() throws Exception {
        try (StatsdReceiver statsd = new StatsdReceiver()) {
            List<String> lines = run(statsd, """
                    [asnmeta]
                    source = "%s"
                    min_rows = 10
                    """.formatted(Path.of("examples/asnmeta/all_as_org_map.json").toAbsolutePath()), "update", "asnmeta");
            assertEquals(List.of("0", "1", "2", "3", "4"),
                    StatsdReceiver.gaugeValues(lines, "asnmeta_updater.asnmeta_update_progress"), lines.toString());
            assertEquals(1, StatsdReceiver.timerCount(lines, "asnmeta_updater.fetch_data"), lines.toString());
            assertTrue(StatsdReceiver.gaugeValues(lines, "asnmeta_updater.asnmeta_tmp_len").size() == 1);
        }
    }

    @Test
    void timersAreWrittenWithSixDecimalsAsThePythonClientDoes() {
        assertEquals("12.000000", StatsdSender.format(12));
        assertEquals("0.001500", StatsdSender.format(0.0015));
        assertEquals("1234.567891", StatsdSender.format(1234.5678912));
    }
}
