package org.ooni.analysis.detector;

/**
 * The mutable CUSUM state of one series and signal. Mutable on purpose: the step runs millions of times per second
 * and must not allocate. {@code lastTs} is in epoch seconds, {@link #NO_TIME} when the series has seen no cell.
 */
public final class CusumState {
    public static final long NO_TIME = Long.MIN_VALUE;

    Phase phase = Phase.UNKNOWN;
    double sPos;
    double sNeg;
    int lastChange;
    long lastTs = NO_TIME;

    public CusumState() {
    }

    public CusumState(Phase phase, double sPos, double sNeg, int lastChange, long lastTs) {
        this.phase = phase;
        this.sPos = sPos;
        this.sNeg = sNeg;
        this.lastChange = lastChange;
        this.lastTs = lastTs;
    }

    /** Back to a new series: (unknown, 0, 0, 0, none). */
    void restart() {
        phase = Phase.UNKNOWN;
        sPos = 0;
        sNeg = 0;
        lastChange = 0;
        lastTs = NO_TIME;
    }

    public Phase phase() {
        return phase;
    }

    public double sPos() {
        return sPos;
    }

    public double sNeg() {
        return sNeg;
    }

    public int lastChange() {
        return lastChange;
    }

    public long lastTs() {
        return lastTs;
    }

    public CusumState copy() {
        return new CusumState(phase, sPos, sNeg, lastChange, lastTs);
    }

    @Override
    public String toString() {
        return "(" + phase.label() + ", " + sPos + ", " + sNeg + ", " + lastChange + ", "
                + (lastTs == NO_TIME ? "none" : java.time.Instant.ofEpochSecond(lastTs).toString()) + ")";
    }
}
