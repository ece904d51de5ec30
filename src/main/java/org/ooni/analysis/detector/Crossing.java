package org.ooni.analysis.detector;

/**
 * A change the CUSUM step emitted: {@code +1} blocking started or {@code -1} ended, the sums at the crossing and
 * the phase the series was in before it.
 */
public record Crossing(int direction, double sPos, double sNeg, Phase before) {
}
