package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.ooni.analysis.runs.JobStatus;
import org.ooni.analysis.runs.RunHistory;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.runs.StatusFormatter;
import org.ooni.analysis.runs.StatusReport;

/**
 * {@code GET /health}: 200 when no scheduled job is overdue (more than two intervals since its last success, as
 * {@code status} reports it), else 503 with {@code "overdue"} naming the jobs; {@code "jobs"} holds what
 * {@code status --format json} prints.
 */
final class HealthEndpoint implements Endpoint {
    private final StoreReader store;
    private final List<String> jobs;
    private final ScheduleSettings schedules;
    private final Clock clock;

    HealthEndpoint(StoreReader store, List<String> jobs, ScheduleSettings schedules, Clock clock) {
        this.store = store;
        this.jobs = List.copyOf(jobs);
        this.schedules = schedules;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        Instant now = clock.instant();
        List<JobStatus> report = StatusReport.build(jobs, store.with(RunHistory::read), schedules, now);
        List<String> overdue = report.stream().filter(JobStatus::overdue).map(JobStatus::job).toList();
        ObjectNode body = Response.JSON.createObjectNode().put("status", overdue.isEmpty() ? "ok" : "overdue");
        ArrayNode names = body.putArray("overdue");
        overdue.forEach(names::add);
        try {
            body.setAll((ObjectNode) Response.JSON.readTree(StatusFormatter.json(report, now)));
        } catch (IOException e) {
            throw new IllegalStateException("status JSON unreadable", e);
        }
        return Response.json(overdue.isEmpty() ? 200 : 503, body);
    }
}
