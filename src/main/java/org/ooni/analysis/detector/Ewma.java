package org.ooni.analysis.detector;

/**
 * The legacy detector, kept as a second algorithm: an exponentially weighted moving average of a per-measurement
 * score with hysteresis. The first sample sets the mean and is blocked iff above the block threshold (emitting at
 * once if so); later samples move the mean by the weight; blocked → ok below the clear threshold and ok → blocked
 * above the block threshold, each emitting a change.
 */
public final class Ewma {
    /** The {@code block_type} of changepoints this algorithm writes. */
    public static final String BLOCK_TYPE = "ewma";

    private final double weight;
    private final double keep;
    private final double blockAbove;
    private final double clearBelow;

    public Ewma(EwmaParams params) {
        this.weight = params.weight();
        this.keep = 1 - params.weight();
        this.blockAbove = params.blockAbove();
        this.clearBelow = params.clearBelow();
    }

    /** Feeds one sample; returns +1 (blocked), -1 (cleared) or 0. */
    public int step(EwmaState s, long ts, double x) {
        s.lastTs = ts;
        if (!s.seen) {
            s.seen = true;
            s.mean = x;
            s.blocked = x > blockAbove;
            return s.blocked ? +1 : 0;
        }
        s.mean = keep * s.mean + weight * x;
        if (s.blocked && s.mean < clearBelow) {
            s.blocked = false;
            return -1;
        }
        if (!s.blocked && s.mean > blockAbove) {
            s.blocked = true;
            return +1;
        }
        return 0;
    }

    public double blockAbove() {
        return blockAbove;
    }

    public double clearBelow() {
        return clearBelow;
    }
}
