package org.ooni.analysis.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The parameters of the evidence page and JSON: a country and a domain (required), optionally one network
 * ({@code probe_asn}), else the top {@code networks} networks by measurements in the window; the window
 * {@code [since, until)} in whole hours, by default the 7 days before now, at most {@link #MAX_WINDOW}. These bounds
 * are what keep one page's reads and drawing bounded: at most {@link #MAX_NETWORKS} x 4 charts of at most
 * {@code MAX_WINDOW} hours.
 */
record EvidenceFilter(String cc, String domain, Long asn, int networks, Instant since, Instant until) {
    static final Set<String> NAMES = Set.of("probe_cc", "domain", "probe_asn", "networks", "since", "until");
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final int DEFAULT_NETWORKS = 4;
    static final int MAX_NETWORKS = 10;

    static EvidenceFilter of(Request r, Clock clock) {
        r.allowOnly(NAMES);
        String cc = Validate.country("probe_cc", Validate.required(r, "probe_cc"));
        String domain = Validate.domain("domain", Validate.required(r, "domain"));
        Long asn = present(r, "probe_asn") ? Validate.asn("probe_asn", r.param("probe_asn")) : null;
        int networks = present(r, "networks") ? Validate.integer("networks", r.param("networks"), 1, MAX_NETWORKS)
                : DEFAULT_NETWORKS;
        Instant until = present(r, "until") ? Validate.time("until", r.param("until"))
                : clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant since = present(r, "since") ? Validate.time("since", r.param("since")) : until.minus(DEFAULT_WINDOW);
        until = until.truncatedTo(ChronoUnit.HOURS);
        since = since.truncatedTo(ChronoUnit.HOURS);
        if (!since.isBefore(until)) {
            throw ApiError.badRequest("'since' (" + since + ") must be at least an hour before 'until' (" + until + ")");
        }
        if (Duration.between(since, until).compareTo(MAX_WINDOW) > 0) {
            throw ApiError.badRequest("the window from 'since' to 'until' must be at most " + MAX_WINDOW.toDays()
                    + " days on the evidence page");
        }
        return new EvidenceFilter(cc, domain, asn, networks, since, until);
    }

    private static boolean present(Request r, String name) {
        return r.param(name) != null && !r.param(name).isEmpty();
    }

    long hours() {
        return Duration.between(since, until).toHours();
    }
}
