package org.ooni.analysis.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parameters both detector endpoints take: {@code probe_cc}, {@code probe_asn}, {@code domain}, and the window
 * {@code [since, until)}, by default the 30 days before now and at most {@link #MAX_WINDOW} long.
 */
record DetectorFilter(String cc, Long asn, String domain, Instant since, Instant until) {
    static final Set<String> NAMES = Set.of("probe_cc", "probe_asn", "domain", "since", "until");
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    static DetectorFilter of(Request r, Clock clock) {
        r.allowOnly(NAMES);
        String cc = present(r, "probe_cc") ? Validate.country("probe_cc", r.param("probe_cc")) : null;
        Long asn = present(r, "probe_asn") ? Validate.asn("probe_asn", r.param("probe_asn")) : null;
        String domain = present(r, "domain") ? Validate.domain("domain", r.param("domain")) : null;
        Instant until = present(r, "until") ? Validate.time("until", r.param("until")) : clock.instant();
        Instant since = present(r, "since") ? Validate.time("since", r.param("since")) : until.minus(DEFAULT_WINDOW);
        if (!since.isBefore(until)) {
            throw ApiError.badRequest("'since' (" + since + ") must be before 'until' (" + until + ")");
        }
        if (Duration.between(since, until).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.badRequest("the window from 'since' to 'until' must be at most " + MAX_WINDOW.toDays()
                    + " days");
        }
        return new DetectorFilter(cc, asn, domain, since, until);
    }

    private static boolean present(Request r, String name) {
        return r.param(name) != null && !r.param(name).isEmpty();
    }

    /** {@code " AND ..."} conditions on the series columns, with their values appended to {@code params}. */
    String seriesConditions(List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (cc != null) {
            sql.append(" AND probe_cc = ?");
            params.add(cc);
        }
        if (asn != null) {
            sql.append(" AND probe_asn = ?");
            params.add(asn);
        }
        if (domain != null) {
            sql.append(" AND domain = ?");
            params.add(domain);
        }
        return sql.toString();
    }

    static List<Object> params() {
        return new ArrayList<>();
    }
}
