package org.ooni.analysis.runs;

import java.util.Locale;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.ooni.analysis.store.Warehouse;

/**
 * Reads, per job, what {@code status} needs from {@code job_runs}: the last run, the last success and the first
 * run. Three small grouped queries in SQL that DuckDB and ClickHouse both accept; no input reaches the SQL.
 */
public final class RunHistory {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String T = JobRunsTable.NAME;

    /** What the history says about one job. {@code lastSuccess} is null when it never succeeded. */
    public record JobHistory(JobRun lastRun, Instant lastSuccess, Instant firstRun) {
    }

    private RunHistory() {
    }

    /** Job name to its history; empty when the table does not exist yet (nothing was ever recorded). */
    public static Map<String, JobHistory> read(Warehouse warehouse) {
        Map<String, JobHistory> out = new HashMap<>();
        if (!warehouse.tableExists(T)) {
            return out;
        }
        Map<String, JobRun> last = new HashMap<>();
        warehouse.forEachRow("SELECT r.job, r.run_id, r.started, r.finished, r.duration_ms, r.outcome,"
                + " r.rows_written, r.source_version, r.error FROM " + T + " AS r INNER JOIN"
                + " (SELECT job AS last_job, max(started) AS last_started FROM " + T + " GROUP BY job) AS m"
                + " ON r.job = m.last_job AND r.started = m.last_started", row -> {
                    JobRun run = new JobRun(row.get(0), row.get(1), time(row.get(2)), time(row.get(3)),
                            Duration.ofMillis(Long.parseLong(row.get(4))),
                            RunOutcome.valueOf(row.get(5).toUpperCase(Locale.ROOT)), Long.parseLong(row.get(6)), row.get(7),
                            row.get(8));
                    // Two runs started in the same second: the later-finished one is the last.
                    last.merge(run.job(), run, (a, b) -> b.finished().isAfter(a.finished()) ? b : a);
                });
        Map<String, Instant> success = new HashMap<>();
        warehouse.forEachRow("SELECT job, max(finished) FROM " + T
                + " WHERE outcome <> 'failed' AND error = '' GROUP BY job", row -> success.put(row.get(0), time(row.get(1))));
        Map<String, Instant> first = new HashMap<>();
        warehouse.forEachRow("SELECT job, min(started) FROM " + T + " GROUP BY job",
                row -> first.put(row.get(0), time(row.get(1))));
        last.forEach((job, run) -> out.put(job, new JobHistory(run, success.get(job), first.get(job))));
        return out;
    }

    private static Instant time(String text) {
        String whole = text.length() > 19 ? text.substring(0, 19) : text;
        return LocalDateTime.parse(whole, DATETIME).toInstant(ZoneOffset.UTC);
    }
}
