package org.ooni.analysis.detector;

/**
 * Parameters of the two-sided CUSUM: the reachable and blocked levels, the expected detection delay in cells, the
 * gap rules and the state expiry. {@link #v()} and {@link #h()} are derived.
 */
public record CusumParams(double mu0, double mu1, double edd, double gapHalfLifeHours, double gapTriggerHours,
                          double stateExpiryDays) {
    public static final CusumParams DEFAULTS = new CusumParams(0.0, 0.7, 10, 48, 24, 10);

    public CusumParams {
        if (!(mu1 > mu0)) {
            throw new IllegalArgumentException("mu1 (" + mu1 + ") must be above mu0 (" + mu0 + ")");
        }
        if (!(edd > 0) || !(gapHalfLifeHours > 0) || !(gapTriggerHours >= 0) || !(stateExpiryDays > 0)) {
            throw new IllegalArgumentException("edd, gap half-life and state expiry must be positive, gap trigger >= 0");
        }
    }

    /** The shift to detect, {@code mu1 - mu0}. */
    public double v() {
        return mu1 - mu0;
    }

    /** The decision threshold, {@code edd * v / 2}. */
    public double h() {
        return edd * v() / 2;
    }

    public CusumParams withEdd(double newEdd) {
        return new CusumParams(mu0, mu1, newEdd, gapHalfLifeHours, gapTriggerHours, stateExpiryDays);
    }
}
