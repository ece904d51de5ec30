package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.List;

/**
 * The rows of one series in one hour {@code [hour, hour + 1h)}, reduced to the four signals (indexed by
 * {@link Signal#ordinal()}).
 */
public record Cell(SeriesKey series, Instant hour, List<SignalValue> signals) {
    public Cell {
        signals = List.copyOf(signals);
        if (signals.size() != Signal.values().length) {
            throw new IllegalArgumentException("a cell has " + Signal.values().length + " signals, not " + signals.size());
        }
    }

    public SignalValue signal(Signal s) {
        return signals.get(s.ordinal());
    }

    /** Measurement rows the cell was built from. */
    public int rows() {
        return signal(Signal.TCP).w();
    }
}
