package org.ooni.analysis.runs;

import java.util.Locale;
import java.util.Optional;
import org.ooni.analysis.job.Outcome;

/** How a recorded run ended, as stored in the {@code outcome} column of {@code job_runs}. */
public enum RunOutcome {
    OK, UNCHANGED, FAILED, SKIPPED;

    /** The word stored and printed. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The recorded outcome of a job's own result; empty for a dry run, which is not recorded (it wrote nothing). */
    public static Optional<RunOutcome> of(Outcome outcome) {
        return switch (outcome) {
            case UPDATED -> Optional.of(OK);
            case UNCHANGED -> Optional.of(UNCHANGED);
            case SKIPPED -> Optional.of(SKIPPED);
            case DRY_RUN -> Optional.empty();
        };
    }
}
