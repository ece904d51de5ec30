package org.ooni.analysis.error;

/** Data that parsed fine but falls outside a plausibility bound (e.g. too few rows). Exit 5. */
public final class SanityCheckFailed extends AnalysisException {
    private final String check;
    private final String bound;
    private final long figure;

    public SanityCheckFailed(String check, String bound, long figure) {
        super(check + ": " + figure + " is outside the bound " + bound, null);
        this.check = check;
        this.bound = bound;
        this.figure = figure;
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
