package org.ooni.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Run history and {@code status} through the real CLI on one back end: real jobs (citizenlab from the shipped
 * example folder, the detector on generated measurements) produce ok, unchanged, failed and skipped runs.
 */
abstract class RunHistoryContract {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant CITIZENLAB_AT = Instant.parse("2024-03-01T00:10:05Z");
    static final Instant DETECT_FAILED_AT = Instant.parse("2024-03-01T00:25:00Z");
    static final String DETECT_ERROR = "does not exist (load it, or make one with 'generate measurements')";

    @TempDir
    Path tmp;
    Path config;

    /** The --db URL of a fresh, empty store for one test. */
    abstract String dbUrl();

    @BeforeEach
    void writeConfig() throws Exception {
        config = tmp.resolve("analysis.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                [detector]
                domains = ["twitter.com"]
                """.formatted(Path.of("examples/test-lists").toAbsolutePath().toString().replace("\\", "\\\\")));
    }

    CliRun.Result cli(Instant now, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", dbUrl()));
        all.addAll(List.of(args));
        return CliRun.run(Map.of(), Clock.fixed(now, ZoneOffset.UTC), all.toArray(String[]::new));
    }

    CliRun.Result ok(Instant now, String... args) {
        CliRun.Result r = cli(now, args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    Warehouse open() {
        return Warehouses.open(StoreUrl.parse(dbUrl()), false);
    }

    /** job|outcome|started|rows_written|error of every recorded run, oldest first. */
    List<String> runs() {
        List<String> rows = new ArrayList<>();
        try (Warehouse wh = open()) {
            if (!wh.tableExists(JobRunsTable.NAME)) {
                return rows;
            }
            wh.forEachRow("SELECT job, outcome, started, rows_written, error FROM job_runs ORDER BY started, job",
                    r -> rows.add(String.join("|", r)));
        }
        return rows;
    }

    long count(String table) {
        try (Warehouse wh = open()) {
            return wh.countRows(table);
        }
    }

    static String at(int hours) {
        return T0.plusSeconds(3600L * hours).toString();
    }

    @Test
    void everyOutcomeIsRecordedWithItsRowsAndError() {
        ok(CITIZENLAB_AT, "update", "citizenlab");
        long loaded = count("citizenlab");
        assertTrue(loaded > 10, "citizenlab rows: " + loaded);
        ok(Instant.parse("2024-03-01T00:20:00Z"), "update", "citizenlab");

        CliRun.Result failed = cli(DETECT_FAILED_AT, "detect", "--to", at(3));
        assertEquals(3, failed.exitCode(), failed.err());
        String printed = failed.errorLine();
        assertTrue(printed.endsWith(DETECT_ERROR), printed);

        ok(Instant.parse("2024-03-01T00:30:00Z"), "generate", "measurements", "--from", at(0), "--to", at(3),
                "--countries", "UG", "--asns-per-country", "1", "--episodes", "0");
        ok(Instant.parse("2024-03-01T00:40:00Z"), "detect", "--from", at(0), "--to", at(3));
        ok(Instant.parse("2024-03-01T00:50:00Z"), "detect", "--to", at(3));

        List<String> runs = runs();
        assertEquals(6, runs.size(), runs.toString());
        assertEquals("citizenlab|ok|2024-03-01 00:10:05|" + loaded + "|", runs.get(0));
        assertEquals("citizenlab|unchanged|2024-03-01 00:20:00|0|", runs.get(1));
        // The recorded error is the very line the CLI printed, without its "error: " prefix.
        assertEquals("detect|failed|2024-03-01 00:25:00|0|" + printed.substring("error: ".length()), runs.get(2));
        assertTrue(runs.get(3).startsWith("generate-measurements|ok|2024-03-01 00:30:00|"), runs.get(3));
        assertFalse(runs.get(3).endsWith("|0|"), runs.get(3));
        assertTrue(runs.get(4).startsWith("detect|ok|2024-03-01 00:40:00|"), runs.get(4));
        assertEquals("detect|skipped|2024-03-01 00:50:00|0|", runs.get(5));

        try (Warehouse wh = open()) {
            List<String> versions = new ArrayList<>();
            wh.forEachRow("SELECT source_version FROM job_runs WHERE job = 'citizenlab'", r -> versions.add(r.get(0)));
            assertEquals(2, versions.size());
            assertFalse(versions.get(0).isEmpty());
            assertEquals(versions.get(0), versions.get(1));
        }
    }

    @Test
    void dryRunsAreNotRecorded() {
        ok(CITIZENLAB_AT, "--dry-run", "update", "citizenlab");
        assertEquals(List.of(), runs());
    }

    @Test
    void aStoreThatCannotRecordChangesNoExitCode() {
        // A job_runs table of another shape: every insert into it fails, as a broken or foreign table would.
        try (Warehouse wh = open()) {
            wh.createTableIfMissing(new TableSchema(JobRunsTable.NAME, List.of(new Column("x", ColumnType.STRING)),
                    List.of("x"), Engine.MERGE_TREE));
        }
        CliRun.Result good = cli(CITIZENLAB_AT, "update", "citizenlab");
        assertEquals(0, good.exitCode(), good.err());
        assertTrue(count("citizenlab") > 10);
        List<String> warnings = good.err().lines().filter(l -> l.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), good.err());
        assertTrue(warnings.get(0).startsWith("WARN citizenlab: run not recorded in job_runs: "), warnings.get(0));

        CliRun.Result bad = cli(DETECT_FAILED_AT, "detect", "--to", at(3));
        assertEquals(3, bad.exitCode(), bad.err());
        assertTrue(bad.errorLine().endsWith(DETECT_ERROR), bad.errorLine());
        assertTrue(bad.err().lines().anyMatch(l -> l.startsWith("WARN detect: run not recorded in job_runs: ")),
                bad.err());
        assertEquals(0, count(JobRunsTable.NAME));
    }

    @Test
    void statusBeforeAnyRunSaysNeverAndNothingIsOverdue() throws Exception {
        try (Warehouse wh = open()) {
            assertFalse(wh.tableExists(JobRunsTable.NAME)); // an empty store: nothing ever recorded
        }
        JsonNode jobs = json(ok(CITIZENLAB_AT, "status", "--format", "json").out()).get("jobs");
        assertEquals(List.of("citizenlab", "fingerprints", "asnmeta", "geoip", "detect"),
                names(jobs));
        for (JsonNode job : jobs) {
            assertTrue(job.get("last_outcome").isNull(), job.toString());
            assertFalse(job.get("overdue").asBoolean(), job.toString());
        }
    }

    @Test
    void statusTellsOverdueFromNotOverdueWithAFixedClock() throws Exception {
        ok(CITIZENLAB_AT, "update", "citizenlab");
        assertEquals(3, cli(DETECT_FAILED_AT, "detect", "--to", at(3)).exitCode());

        // 30 minutes after citizenlab's success, one interval of its */30 schedule: not overdue.
        Instant early = Instant.parse("2024-03-01T00:40:00Z");
        JsonNode report = json(ok(early, "status", "--format", "json").out());
        assertEquals(early.toString(), report.get("now").asText());
        JsonNode citizenlab = job(report, "citizenlab");
        assertEquals("ok", citizenlab.get("last_outcome").asText());
        assertEquals(CITIZENLAB_AT.toString(), citizenlab.get("last_success").asText());
        assertEquals(1795, citizenlab.get("seconds_since_last_success").asLong());
        assertEquals("2024-03-01T01:00:00Z", citizenlab.get("next_run").asText());
        assertEquals(1800, citizenlab.get("interval_seconds").asLong());
        assertEquals("*/30 * * * *", citizenlab.get("schedule").asText());
        assertFalse(citizenlab.get("overdue").asBoolean());
        JsonNode detect = job(report, "detect");
        assertEquals("failed", detect.get("last_outcome").asText());
        assertTrue(detect.get("last_error").asText().endsWith(DETECT_ERROR), detect.toString());
        assertTrue(detect.get("last_success").isNull());
        assertEquals("2024-03-01T01:30:00Z", detect.get("next_run").asText());
        assertFalse(detect.get("overdue").asBoolean());
        JsonNode geoip = job(report, "geoip");
        assertTrue(geoip.get("last_outcome").isNull());
        assertEquals("2024-03-04T00:00:00Z", geoip.get("next_run").asText()); // Monday 00:00 UTC, as the original
        assertFalse(geoip.get("overdue").asBoolean());

        // 65 minutes after citizenlab's success: more than two 30-minute intervals, overdue. detect never
        // succeeded and first ran 50 minutes ago: less than two hourly intervals, not yet overdue.
        Instant later = Instant.parse("2024-03-01T01:15:05Z");
        JsonNode laterReport = json(ok(later, "status", "--format", "json").out());
        assertTrue(job(laterReport, "citizenlab").get("overdue").asBoolean());
        assertFalse(job(laterReport, "detect").get("overdue").asBoolean());
        assertFalse(job(laterReport, "fingerprints").get("overdue").asBoolean());

        // Text: one aligned row per job, then the last error of each failed job.
        Instant muchLater = Instant.parse("2024-03-01T02:26:00Z");
        List<String> text = ok(muchLater, "status").out().lines().toList();
        assertTrue(text.get(0).startsWith("JOB "), text.toString());
        String citizenlabLine = text.stream().filter(l -> l.startsWith("citizenlab ")).findFirst().orElseThrow();
        assertTrue(citizenlabLine.matches("citizenlab +ok +2024-03-01 00:10 +2024-03-01 00:10 +2h 15m "
                + "+2024-03-01 02:30 +OVERDUE"), citizenlabLine);
        String detectLine = text.stream().filter(l -> l.startsWith("detect ")).findFirst().orElseThrow();
        assertTrue(detectLine.matches("detect +failed +2024-03-01 00:25 +never +- +2024-03-01 02:30 +OVERDUE"),
                detectLine);
        String fingerprintsLine = text.stream().filter(l -> l.startsWith("fingerprints ")).findFirst().orElseThrow();
        assertTrue(fingerprintsLine.matches("fingerprints +never +- +never +- +2024-03-01 03:00 +no"), fingerprintsLine);
        assertTrue(text.stream().anyMatch(l -> l.startsWith("detect: last error: source unavailable: ")
                && l.endsWith(DETECT_ERROR)), text.toString());
    }

    @Test
    void scheduleComesFromTheConfigAndAnEmptyOneIsNotScheduled() throws Exception {
        Files.writeString(config, Files.readString(config) + """
                [schedule]
                citizenlab = "0 6 * * *"
                detect = ""
                """);
        ok(CITIZENLAB_AT, "update", "citizenlab");
        JsonNode report = json(ok(Instant.parse("2024-03-02T12:00:00Z"), "status", "--format", "json").out());
        JsonNode citizenlab = job(report, "citizenlab");
        assertEquals("2024-03-03T06:00:00Z", citizenlab.get("next_run").asText());
        assertEquals(86_400, citizenlab.get("interval_seconds").asLong());
        assertFalse(citizenlab.get("overdue").asBoolean()); // 36 h after the success, less than two days
        JsonNode detect = job(report, "detect");
        assertTrue(detect.get("schedule").isNull());
        assertTrue(detect.get("next_run").isNull());
        assertFalse(detect.get("overdue").asBoolean());
    }

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    static JsonNode job(JsonNode report, String name) {
        for (JsonNode job : report.get("jobs")) {
            if (job.get("job").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in " + report);
    }

    static List<String> names(JsonNode jobs) {
        List<String> names = new ArrayList<>();
        jobs.forEach(j -> names.add(j.get("job").asText()));
        return names;
    }

}
