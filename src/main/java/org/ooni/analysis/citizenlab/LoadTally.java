package org.ooni.analysis.citizenlab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Running figures of one load for the summary: rows, distinct domains and rows per country code. */
final class LoadTally {
    private long rows;
    private final DistinctCounter domains = new DistinctCounter();
    private final Map<String, long[]> perCc = new HashMap<>();

    void add(TestListEntry entry) {
        rows++;
        domains.add(entry.domain());
        perCc.computeIfAbsent(entry.cc(), k -> new long[1])[0]++;
    }

    long rows() {
        return rows;
    }

    long distinctDomains() {
        return domains.count();
    }

    int countries() {
        return perCc.size();
    }

    /** The {@code n} country codes with most rows, most first (ties by code). */
    List<Map.Entry<String, Long>> topCountries(int n) {
        return perCc.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()[0]))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .toList();
    }
}
