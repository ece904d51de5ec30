package org.ooni.analysis.detector;

import java.time.Instant;
import org.ooni.analysis.error.UsageError;

/**
 * Where a run starts and from which state. Without {@code --from} it resumes where the stored state stopped. With
 * {@code --from} equal to (or after) that point it resumes from the stored state too; before it, the stored state
 * cannot be rewound, so the run recomputes from fresh states: a rerun of the same range gives the same rows.
 *
 * @param from       first hour processed
 * @param useStored  whether the stored states are the starting point (else every series starts new)
 * @param skipped    hours between the stored point and {@code from} that are left out, 0 normally
 */
public record ResumePlan(Instant from, boolean useStored, long skipped) {
    public static ResumePlan decide(Instant requestedFrom, Instant storedUntil) {
        if (requestedFrom == null) {
            if (storedUntil == null) {
                throw new UsageError("no stored detector state to resume from: give --from for the first run");
            }
            return new ResumePlan(storedUntil, true, 0);
        }
        if (storedUntil != null && !requestedFrom.isBefore(storedUntil)) {
            return new ResumePlan(requestedFrom, true,
                    (requestedFrom.getEpochSecond() - storedUntil.getEpochSecond()) / 3600);
        }
        return new ResumePlan(requestedFrom, false, 0);
    }
}
