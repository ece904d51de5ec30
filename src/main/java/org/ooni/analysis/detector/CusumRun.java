package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds cells, in any order of series and time order within a series, through the CUSUM of every signal and
 * collects the changepoints. Pure: no store, no clock (the detection time is given).
 */
public final class CusumRun {
    private final Cusum cusum;
    private final CusumStates states;
    private final Instant detectionTime;
    private final List<Changepoint> changepoints = new ArrayList<>();
    private long cells;
    private long rows;
    private long blocked;
    private long cleared;

    public CusumRun(CusumParams params, CusumStates states, Instant detectionTime) {
        this.cusum = new Cusum(params);
        this.states = states;
        this.detectionTime = detectionTime;
    }

    public void accept(Cell cell) {
        cells++;
        rows += cell.rows();
        long ts = cell.hour().getEpochSecond();
        for (Signal signal : Signal.values()) {
            SignalValue v = cell.signal(signal);
            if (v.w() == 0) {
                continue;
            }
            Crossing c = cusum.step(states.of(cell.series(), signal), ts, v.y(), v.w());
            if (c != null) {
                changepoints.add(Changepoint.of(cell, signal, c, cusum.h(), detectionTime));
                if (c.direction() > 0) {
                    blocked++;
                } else {
                    cleared++;
                }
            }
        }
    }

    public List<Changepoint> changepoints() {
        return changepoints;
    }

    public CusumStates states() {
        return states;
    }

    public long cells() {
        return cells;
    }

    public long rows() {
        return rows;
    }

    public long blocked() {
        return blocked;
    }

    public long cleared() {
        return cleared;
    }
}
