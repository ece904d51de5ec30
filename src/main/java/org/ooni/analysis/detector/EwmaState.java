package org.ooni.analysis.detector;

/** The mutable state of the legacy EWMA detector for one (probe_cc, test_name, input). */
public final class EwmaState {
    double mean;
    boolean blocked;
    boolean seen;
    long lastTs = CusumState.NO_TIME;

    public EwmaState() {
    }

    public EwmaState(double mean, boolean blocked, long lastTs) {
        this.mean = mean;
        this.blocked = blocked;
        this.seen = true;
        this.lastTs = lastTs;
    }

    public double mean() {
        return mean;
    }

    public boolean blocked() {
        return blocked;
    }

    public long lastTs() {
        return lastTs;
    }
}
