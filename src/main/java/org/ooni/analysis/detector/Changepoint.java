package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code event_detector_changepoints}: a change of one series and signal ({@code blockType}) at the
 * cell starting at {@code ts}, with the sums at the crossing, the phase before it and the cell's counts and medians.
 * The legacy EWMA detector writes the same shape with {@code blockType = "ewma"}.
 */
public record Changepoint(SeriesKey series, Instant ts, String blockType, int direction, double sPos, double sNeg,
                          double h, String stateBefore, List<Integer> counts, List<Double> medians,
                          Instant detectionTime) {
    public Changepoint {
        counts = List.copyOf(counts);
        medians = List.copyOf(medians);
    }

    static Changepoint of(Cell cell, Signal signal, Crossing c, double h, Instant detectionTime) {
        List<SignalValue> s = cell.signals();
        return new Changepoint(cell.series(), cell.hour(), signal.label(), c.direction(), c.sPos(), c.sNeg(), h,
                c.before().label(), s.stream().map(SignalValue::w).toList(), s.stream().map(SignalValue::y).toList(),
                detectionTime);
    }

    public Object[] toRow() {
        return new Object[] {series.cc(), series.asn(), series.domain(), ts, blockType, (long) direction, sPos, sNeg,
            h, stateBefore, counts.get(0), counts.get(1), counts.get(2), counts.get(3), medians.get(0),
            medians.get(1), medians.get(2), medians.get(3), detectionTime};
    }

    /** Parses a row selected as {@link DetectorTables#CHANGEPOINTS}' columns, in order. */
    public static Changepoint fromRow(List<String> r) {
        return new Changepoint(new SeriesKey(r.get(0), Long.parseLong(r.get(1)), r.get(2)), TextValues.instant(r.get(3)),
                r.get(4), Integer.parseInt(r.get(5)), TextValues.toDouble(r.get(6)), TextValues.toDouble(r.get(7)),
                TextValues.toDouble(r.get(8)), r.get(9),
                List.of(Integer.parseInt(r.get(10)), Integer.parseInt(r.get(11)), Integer.parseInt(r.get(12)),
                        Integer.parseInt(r.get(13))),
                List.of(TextValues.toDouble(r.get(14)), TextValues.toDouble(r.get(15)), TextValues.toDouble(r.get(16)),
                        TextValues.toDouble(r.get(17))),
                TextValues.instant(r.get(18)));
    }

    /** The same change without its detection time: what must not depend on when or in how many runs it was found. */
    public Changepoint withoutDetectionTime() {
        return new Changepoint(series, ts, blockType, direction, sPos, sNeg, h, stateBefore, counts, medians,
                Instant.EPOCH);
    }
}
