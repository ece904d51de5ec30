package org.ooni.analysis.runs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.Redact;
import org.ooni.analysis.job.JobResult;

/**
 * One row of {@code job_runs}. Times are whole seconds (ClickHouse {@code DateTime}), so both stores hold the same
 * values; {@code duration} keeps the precise length. {@code error} is one line with credentials masked.
 *
 * <p>A run "succeeded" when it did not fail and carries no error text: a {@code skipped} row with a reason (such as
 * a scheduler skipping a run because the previous one is still going) is not a success.
 */
public record JobRun(String job, String runId, Instant started, Instant finished, Duration duration,
                     RunOutcome outcome, long rows, String sourceVersion, String error) {
    private static final int MAX_ERROR_CHARS = 1000;

    public JobRun {
        started = started.truncatedTo(ChronoUnit.SECONDS);
        finished = finished.truncatedTo(ChronoUnit.SECONDS);
        sourceVersion = sourceVersion == null ? "" : sourceVersion;
        error = oneLine(error);
    }

    /** A run that ended with a result (never a dry run: see {@link RunOutcome#of}). */
    public static JobRun finished(String job, Instant started, Instant finished, Duration duration, RunOutcome outcome,
                                  JobResult result) {
        return new JobRun(job, newId(), started, finished, duration, outcome, result.rows(), result.sourceVersion(), "");
    }

    /** A run that threw: the error is the one line the CLI prints for it, without the "error: " prefix. */
    public static JobRun failed(String job, Instant started, Instant finished, Duration duration, RuntimeException e) {
        String text = e instanceof AnalysisException known ? known.kind() + ": " + known.getMessage()
                : "internal error: " + e;
        return new JobRun(job, newId(), started, finished, duration, RunOutcome.FAILED, 0, "", text);
    }

    /** A run that did not start because another run of the job holds its lease ({@code reason} names it). */
    public static JobRun skipped(String job, String runId, Instant started, Instant finished, Duration duration,
                                 String reason) {
        return new JobRun(job, runId, started, finished, duration, RunOutcome.SKIPPED, 0, "", reason);
    }

    /** The same run under the id the CLI gave it (the one its staging tables and lease carry). */
    public JobRun withRunId(String id) {
        return new JobRun(job, id, started, finished, duration, outcome, rows, sourceVersion, error);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    public boolean succeeded() {
        return outcome != RunOutcome.FAILED && error.isEmpty();
    }

    Object[] toRow() {
        return new Object[] {job, runId, started, finished, duration.toMillis(), outcome.word(), rows, sourceVersion,
            error};
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = Redact.secrets(text).replaceAll("\\s*[\\r\\n]+\\s*", " | ").strip();
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }
}
