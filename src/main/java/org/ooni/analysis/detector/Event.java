package org.ooni.analysis.detector;

import java.time.Instant;

/**
 * A blocking episode of one series and signal: a +1 changepoint paired with the next -1 of the same series and
 * signal; {@code end} is null while the blocking is ongoing.
 */
public record Event(SeriesKey series, String blockType, Instant start, Instant end) {
    public boolean ongoing() {
        return end == null;
    }
}
