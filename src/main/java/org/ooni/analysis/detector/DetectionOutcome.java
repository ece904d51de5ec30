package org.ooni.analysis.detector;

import java.time.Instant;

/** What one detection run did: its range, what it read and what it found and kept. */
public record DetectionOutcome(String algorithm, Instant from, Instant to, boolean freshStart, long rows, long cells,
                               long blocked, long cleared, long statesKept, long changepointsKept) {
}
