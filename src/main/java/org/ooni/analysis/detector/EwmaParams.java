package org.ooni.analysis.detector;

/** Parameters of the legacy EWMA detector: the weight of a new sample and the two hysteresis thresholds. */
public record EwmaParams(double weight, double blockAbove, double clearBelow) {
    public static final EwmaParams DEFAULTS = new EwmaParams(0.02, 0.10, 0.05);

    public EwmaParams {
        if (!(weight > 0 && weight <= 1) || !(clearBelow <= blockAbove)) {
            throw new IllegalArgumentException("EWMA weight must be in (0, 1] and clear_below <= block_above");
        }
    }
}
