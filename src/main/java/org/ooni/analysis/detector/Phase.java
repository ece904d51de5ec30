package org.ooni.analysis.detector;

/** What a series' CUSUM believes about its target: not yet known (warm-up), reachable, or blocked. */
public enum Phase {
    UNKNOWN, OK, BLOCKED;

    public String label() {
        return name().toLowerCase();
    }

    public static Phase ofLabel(String label) {
        return valueOf(label.toUpperCase());
    }
}
