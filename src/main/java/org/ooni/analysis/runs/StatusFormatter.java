package org.ooni.analysis.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders {@code status} as an aligned text table (for people) or JSON (for scripts and monitoring). */
public final class StatusFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"JOB", "LAST", "LAST RUN (UTC)", "LAST SUCCESS (UTC)", "AGO",
        "NEXT RUN (UTC)", "OVERDUE"};

    private StatusFormatter() {
    }

    /** One row per job, then the error of every job whose last run failed. */
    public static List<String> text(List<JobStatus> jobs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JobStatus s : jobs) {
            rows.add(new String[] {s.job(), s.lastRun() == null ? "never" : s.lastRun().outcome().word(),
                s.lastRun() == null ? "-" : TIME.format(s.lastRun().finished()),
                s.lastSuccess() == null ? "never" : TIME.format(s.lastSuccess()),
                s.sinceLastSuccess() == null ? "-" : ago(s.sinceLastSuccess()),
                s.nextRun() == null ? "not scheduled" : TIME.format(s.nextRun()), s.overdue() ? "OVERDUE" : "no"});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            lines.add(b.toString().stripTrailing());
        }
        for (JobStatus s : jobs) {
            if (s.lastRun() != null && !s.lastRun().error().isEmpty()) {
                lines.add(s.job() + ": last error: " + s.lastRun().error());
            }
        }
        return lines;
    }

    /** {@code {"now": ..., "jobs": [{...}, ...]}} with ISO-8601 UTC times, durations in seconds, nulls for unknowns. */
    public static String json(List<JobStatus> jobs, Instant now) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("now", now.toString());
        ArrayNode list = root.putArray("jobs");
        for (JobStatus s : jobs) {
            ObjectNode o = list.addObject();
            o.put("job", s.job());
            o.put("schedule", s.schedule());
            JobRun last = s.lastRun();
            o.put("last_outcome", last == null ? null : last.outcome().word());
            o.put("last_started", last == null ? null : last.started().toString());
            o.put("last_finished", last == null ? null : last.finished().toString());
            o.put("last_rows_written", last == null ? null : last.rows());
            o.put("last_source_version", last == null ? null : last.sourceVersion());
            o.put("last_error", last == null || last.error().isEmpty() ? null : last.error());
            o.put("last_success", s.lastSuccess() == null ? null : s.lastSuccess().toString());
            o.put("seconds_since_last_success", s.sinceLastSuccess() == null ? null : s.sinceLastSuccess().toSeconds());
            o.put("next_run", s.nextRun() == null ? null : s.nextRun().toString());
            o.put("interval_seconds", s.interval() == null ? null : s.interval().toSeconds());
            o.put("overdue", s.overdue());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render status as JSON", e);
        }
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + "h");
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
