package org.ooni.analysis.detector;

import java.util.Arrays;

/** The median with linear interpolation between the two middle values, as DuckDB's {@code quantile_cont(x, 0.5)}. */
public final class Median {
    private Median() {
    }

    /** Median of the first {@code n} values (sorted in place); NaN when {@code n} is 0. */
    public static double ofFirst(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        // position (n - 1) * 0.5 between order statistics, interpolated the way quantile_cont does it
        int lo = (n - 1) / 2;
        if (n % 2 == 1) {
            return values[lo];
        }
        double a = values[lo];
        double b = values[lo + 1];
        return a + (b - a) * 0.5;
    }
}
