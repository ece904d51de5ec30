package org.ooni.analysis.detector;

import java.util.Locale;

/** What a series' CUSUM believes about its target: not yet known (warm-up), reachable, or blocked. */
public enum Phase {
    UNKNOWN, OK, BLOCKED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
