package org.ooni.analysis.detector;

/** One signal of one cell: the median score {@code y} and its weight {@code w} (the rows it was taken over). */
public record SignalValue(double y, int w) {
    public static final SignalValue EMPTY = new SignalValue(Double.NaN, 0);
}
