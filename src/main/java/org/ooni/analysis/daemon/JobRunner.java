package org.ooni.analysis.daemon;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How the scheduler runs jobs and reads and writes their history; the CLI implements it with the same code path as
 * {@code update <job>}, tests with controllable fakes.
 */
public interface JobRunner {
    /** Runs one attempt of {@code job} to its end; throws when the attempt failed (the failure is already recorded). */
    void run(String job, AbortSignal abort);

    /** Records a run that was not done, e.g. because the previous one is still going. Never throws. */
    void recordSkipped(String job, Instant at, String reason);

    /** When each job's last recorded run started; empty when the history cannot be read. */
    Optional<Map<String, Instant>> lastStarts();
}
