package org.ooni.analysis.job;

import java.util.Locale;

/** How a job run ended when it did not fail (failures are exceptions). */
public enum Outcome {
    /** New data was validated and swapped in. */
    UPDATED,
    /** The source has not changed since the last successful load; nothing was written. */
    UNCHANGED,
    /** Everything was validated and nothing written, as asked by {@code --dry-run}. */
    DRY_RUN,
    /** Nothing to do for a reason other than an unchanged source (e.g. a file not yet published). */
    SKIPPED;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
