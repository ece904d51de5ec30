package org.ooni.analysis.detector;

/**
 * The two-sided CUSUM step of issue 6, evaluated exactly in the order the issue gives, with doubles:
 * zero-weight cells are skipped; a gap longer than the trigger decays both sums by {@code 0.5^(g / half-life)};
 * the warm-up ({@link Phase#UNKNOWN}) settles on a phase without emitting; {@link Phase#OK} watches for a rise,
 * {@link Phase#BLOCKED} for a fall; all comparisons are strict. A state whose last cell is older than the expiry
 * restarts as a new series before the cell is used, so the result never depends on how a time range was split.
 */
public final class Cusum {
    private final double mu0;
    private final double mu1;
    private final double halfV;
    private final double h;
    private final double gapTriggerSeconds;
    private final double halfLifeHours;
    private final double expirySeconds;

    public Cusum(CusumParams params) {
        this.mu0 = params.mu0();
        this.mu1 = params.mu1();
        this.halfV = params.v() / 2;
        this.h = params.h();
        this.gapTriggerSeconds = params.gapTriggerHours() * 3600;
        this.halfLifeHours = params.gapHalfLifeHours();
        this.expirySeconds = params.stateExpiryDays() * 86400;
    }

    public double h() {
        return h;
    }

    /**
     * Feeds one cell (time {@code ts} in epoch seconds, value {@code y}, weight {@code w}) to the state.
     *
     * @return the change emitted, or null (the common case)
     */
    public Crossing step(CusumState s, long ts, double y, int w) {
        if (w == 0) {
            return null;
        }
        if (s.lastTs != CusumState.NO_TIME) {
            long gap = ts - s.lastTs;
            if (gap > expirySeconds) {
                s.restart();
            } else if (gap > gapTriggerSeconds) {
                double factor = Math.pow(0.5, (gap / 3600.0) / halfLifeHours);
                s.sPos *= factor;
                s.sNeg *= factor;
            }
        }
        s.lastTs = ts;
        double zp = y - mu0;
        double zn = y - mu1;
        switch (s.phase) {
            case UNKNOWN -> {
                s.sPos = Math.max(0, (s.sPos + zp) - halfV);
                s.sNeg = Math.max(0, (s.sNeg - zn) - halfV);
                if (s.sPos > h) {
                    s.phase = Phase.BLOCKED;
                    s.sPos = 0;
                    s.sNeg = 0;
                } else if (s.sNeg > h) {
                    s.phase = Phase.OK;
                    s.sPos = 0;
                    s.sNeg = 0;
                }
                return null;
            }
            case OK -> {
                s.sPos = Math.max(0, (s.sPos + zp) - halfV);
                s.sNeg = 0;
                if (s.sPos > h) {
                    return emitUnlessRepeated(s, +1);
                }
                return null;
            }
            default -> {
                s.sNeg = Math.max(0, (s.sNeg - zn) - halfV);
                s.sPos = 0;
                if (s.sNeg > h) {
                    return emitUnlessRepeated(s, -1);
                }
                return null;
            }
        }
    }

    private static Crossing emitUnlessRepeated(CusumState s, int direction) {
        if (s.lastChange == direction) {
            s.sPos = 0;
            s.sNeg = 0;
            return null;
        }
        Crossing c = new Crossing(direction, s.sPos, s.sNeg, s.phase);
        s.lastChange = direction;
        s.phase = direction > 0 ? Phase.BLOCKED : Phase.OK;
        s.sPos = 0;
        s.sNeg = 0;
        return c;
    }
}
