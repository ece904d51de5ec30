package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.List;

/**
 * What {@code generate measurements} makes: countries, networks per country, domains and the time range; the mean
 * measurements per series and hour (varied by hour of day and day of week); background noise (share of rows with a
 * spurious blocked score, share of hours with no measurement); the number of blocking episodes to inject, a share
 * of which are national (every network of the country at once); and the random seed.
 */
public record GeneratorSpec(Instant from, Instant to, List<String> countries, int asnsPerCountry,
                            List<String> domains, double ratePerHour, double noise, double missingHours,
                            int episodes, double nationalShare, long seed) {
    public static final List<String> DEFAULT_COUNTRIES = List.of("UG", "IR", "RU", "TR", "MM");
    public static final List<String> DEFAULT_DOMAINS = List.of("twitter.com", "www.facebook.com", "www.whatsapp.com",
            "t.me", "www.youtube.com");

    public GeneratorSpec {
        countries = List.copyOf(countries);
        domains = List.copyOf(domains);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        if (countries.isEmpty() || domains.isEmpty() || asnsPerCountry < 1 || ratePerHour <= 0) {
            throw new IllegalArgumentException("need at least one country, network, domain and a positive rate");
        }
    }

    public int series() {
        return countries.size() * asnsPerCountry * domains.size();
    }
}
