package org.ooni.analysis.asnmeta;

import java.time.LocalDate;

/** Running counts over a parsed map, for the summary: rows, ASNs, ASNs with a history, the span of dates. */
public final class AsOrgMapTally {
    private long rows;
    private long asns;
    private long asnsWithHistory;
    private LocalDate earliest;
    private LocalDate latest;

    void asn(int entries) {
        asns++;
        if (entries > 1) {
            asnsWithHistory++;
        }
    }

    void row(LocalDate changed) {
        rows++;
        if (earliest == null || changed.isBefore(earliest)) {
            earliest = changed;
        }
        if (latest == null || changed.isAfter(latest)) {
            latest = changed;
        }
    }

    public long rows() {
        return rows;
    }

    public long asns() {
        return asns;
    }

    public long asnsWithHistory() {
        return asnsWithHistory;
    }

    /** The earliest {@code changed} date, or null when there were no rows. */
    public LocalDate earliest() {
        return earliest;
    }

    public LocalDate latest() {
        return latest;
    }
}
