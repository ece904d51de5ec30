package org.ooni.analysis.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of {@code status}. Null fields are unknown: {@code lastRun} when the job never ran, {@code lastSuccess}
 * when it never succeeded, {@code schedule}, {@code nextRun} and {@code interval} when it is not scheduled.
 */
public record JobStatus(String job, String schedule, JobRun lastRun, Instant lastSuccess, Duration sinceLastSuccess,
                        Instant nextRun, Duration interval, boolean overdue) {
}
