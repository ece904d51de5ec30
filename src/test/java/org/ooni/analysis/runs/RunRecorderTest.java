package org.ooni.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** The recorder alone: metrics per outcome, the one-line masked error, and failures to record. */
class RunRecorderTest {
    static final Instant START = Instant.parse("2024-03-01T00:10:05.700Z");
    static final Instant END = Instant.parse("2024-03-01T00:10:09.200Z");

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final Log log = new Log(new PrintStream(logged, true, StandardCharsets.UTF_8), false, false, Clock.systemUTC());
    final Metrics metrics = Metrics.inMemory();
    final RunRecorder recorder = new RunRecorder(log, metrics);

    static JobRun ok(String job, Instant end) {
        return JobRun.finished(job, START, end, Duration.ofMillis(3500), RunOutcome.OK,
                new JobResult(job, org.ooni.analysis.job.Outcome.UPDATED, 42, "abc123", List.of()));
    }

    List<String> rows(Warehouse wh) {
        List<String> rows = new ArrayList<>();
        wh.forEachRow("SELECT job, started, finished, duration_ms, outcome, rows_written, source_version, error"
                + " FROM job_runs ORDER BY finished", r -> rows.add(String.join("|", r)));
        return rows;
    }

    @Test
    void successSetsTheGaugeAndAFailureOnlyCountsAndTimes() {
        try (Warehouse wh = DuckDbWarehouse.open(tmp.resolve("a.duckdb").toString(), false)) {
            recorder.record(ok("citizenlab", END), () -> wh);
            recorder.record(JobRun.failed("citizenlab", START, END.plusSeconds(60), Duration.ofMillis(10),
                    new SourceUnavailable("https://reader:hunter2@example.org/lists.git", "connection refused\n"
                            + "caused by: timeout")), () -> wh);
            assertEquals(List.of(
                    "citizenlab|2024-03-01 00:10:05|2024-03-01 00:10:09|3500|ok|42|abc123|",
                    "citizenlab|2024-03-01 00:10:05|2024-03-01 00:11:09|10|failed|0||source unavailable: "
                            + "https://reader:***@example.org/lists.git: connection refused | caused by: timeout"),
                    rows(wh));
        }
        MeterRegistry r = metrics.registry();
        Gauge gauge = r.find("job_runs.citizenlab.last_success_time").gauge();
        assertEquals(END.getEpochSecond(), (long) gauge.value()); // the success, not the later failure
        assertEquals(1.0, r.find("job_runs.citizenlab.ok").counter().count());
        assertEquals(1.0, r.find("job_runs.citizenlab.failed").counter().count());
        assertEquals(2, r.find("job_runs.citizenlab.duration").timer().count());
        assertTrue(logged.toString(StandardCharsets.UTF_8).isEmpty(), logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedRunNeverSetsTheGauge() {
        recorder.record(JobRun.failed("detect", START, END, Duration.ZERO, new IllegalStateException("boom")), null);
        assertNull(metrics.registry().find("job_runs.detect.last_success_time").gauge());
        assertEquals(1.0, metrics.registry().find("job_runs.detect.failed").counter().count());
    }

    @Test
    void aStoreThatCannotOpenIsOneWarnLineAndNoException() {
        recorder.record(ok("fingerprints", END), () -> {
            throw new StoreError("clickhouse://u:***@db:8123/x: connection refused");
        });
        assertEquals("WARN fingerprints: run not recorded in job_runs: clickhouse://u:***@db:8123/x: "
                + "connection refused", logged.toString(StandardCharsets.UTF_8).strip());
        assertEquals(1.0, metrics.registry().find("job_runs.fingerprints.ok").counter().count());
    }

    @Test
    void noStoreMeansMetricsOnly() {
        recorder.record(ok("geoip", END), null);
        assertEquals(1.0, metrics.registry().find("job_runs.geoip.ok").counter().count());
        assertTrue(logged.toString(StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void dryRunsHaveNoRecordedOutcome() {
        assertTrue(RunOutcome.of(org.ooni.analysis.job.Outcome.DRY_RUN).isEmpty());
        assertEquals(RunOutcome.OK, RunOutcome.of(org.ooni.analysis.job.Outcome.UPDATED).orElseThrow());
        assertEquals(RunOutcome.SKIPPED, RunOutcome.of(org.ooni.analysis.job.Outcome.SKIPPED).orElseThrow());
    }

    @Test
    void aBadScheduleIsInvalidInputNamingTheJobAndField() throws Exception {
        Path config = tmp.resolve("analysis.toml");
        java.nio.file.Files.writeString(config, "[schedule]\nfingerprints = \"61 * * * *\"\n");
        CliRun.Result r = CliRun.run(Map.of(), Clock.systemUTC(), "--config", config.toString(),
                "--db", "duckdb:" + tmp.resolve("none.duckdb"), "status");
        assertEquals(4, r.exitCode(), r.err());
        assertEquals("error: invalid input: " + config + ": bad value in [schedule]: fingerprints: cron expression "
                + "'61 * * * *': Value 61 not in range [0, 59]", r.errorLine());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun.Result r = CliRun.run("--db", "duckdb:" + tmp.resolve("none.duckdb"), "status", "--format", "xml");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: usage error: --format must be text or json, not xml", r.errorLine());
    }
}
