package org.ooni.analysis.error;

/** Data that parsed fine but falls outside a plausibility bound (e.g. too few rows). Exit 5. */
public final class SanityCheckFailed extends AnalysisException {
    private final String check;
    private final String bound;
    private final long figure;

    public SanityCheckFailed(String check, String bound, long figure) {
        this(check + ": " + figure + " is outside the bound " + bound, check, bound, figure);
    }

    private SanityCheckFailed(String message, String check, String bound, long figure) {
        super(message, null);
        this.check = check;
        this.bound = bound;
        this.figure = figure;
    }

    /**
     * A check whose figure must be zero (unlisted tables, differing chunks), said in words that name what was found
     * rather than as "N is outside the bound [0, 0]".
     */
    public static SanityCheckFailed found(String check, long figure, String message) {
        return new SanityCheckFailed(message, check, "[0, 0]", figure);
    }

    /** Checks that {@code lower < figure < upper}, the form every row-count bound takes. */
    public static void requireBetween(String check, long figure, long lowerExclusive, long upperExclusive) {
        if (figure <= lowerExclusive || figure >= upperExclusive) {
            throw new SanityCheckFailed(check, "(" + lowerExclusive + ", " + upperExclusive + ")", figure);
        }
    }

    public String check() {
        return check;
    }

    public String bound() {
        return bound;
    }

    public long figure() {
        return figure;
    }

    @Override
    public int exitCode() {
        return 5;
    }

    @Override
    public String kind() {
        return "sanity check failed";
    }
}
