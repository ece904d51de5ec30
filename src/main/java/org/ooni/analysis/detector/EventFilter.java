package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of {@code events}: country, network, domain, and a time window the alert must overlap. Any may be
 * null. Filtering by network narrows each alert to that network's events.
 */
public record EventFilter(String cc, Long asn, String domain, Instant since, Instant until) {
    public List<Alert> apply(List<Alert> alerts) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts) {
            Alert view = asn == null ? a : a.restrictedTo(asn);
            if (view == null || (cc != null && !cc.equalsIgnoreCase(view.cc()))
                    || (domain != null && !domain.equalsIgnoreCase(view.domain())) || !view.overlaps(since, until)) {
                continue;
            }
            out.add(view);
        }
        return out;
    }
}
