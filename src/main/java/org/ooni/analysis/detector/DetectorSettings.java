package org.ooni.analysis.detector;

import java.util.List;

/**
 * The {@code [detector]} section: CUSUM parameters, the watch list additions, the legacy EWMA thresholds, how
 * events are grouped, and the feeds. Every key has a default (see {@code docs/detector.md}).
 */
public record DetectorSettings(Double mu0, Double mu1, Double edd, Double gapHalfLifeHours, Double gapTriggerHours,
                               Double stateExpiryDays, List<String> domains, Boolean useCitizenlab,
                               Double ewmaWeight, Double ewmaBlockAbove, Double ewmaClearBelow,
                               Integer groupWindowHours, String feedsDir, Integer feedMaxItems,
                               String explorerBaseUrl, Integer followSettleSeconds) {
    public DetectorSettings {
        mu0 = mu0 == null ? 0.0 : mu0;
        mu1 = mu1 == null ? 0.7 : mu1;
        edd = edd == null ? 10.0 : edd;
        gapHalfLifeHours = gapHalfLifeHours == null ? 48.0 : gapHalfLifeHours;
        gapTriggerHours = gapTriggerHours == null ? 24.0 : gapTriggerHours;
        stateExpiryDays = stateExpiryDays == null ? 10.0 : stateExpiryDays;
        domains = domains == null ? List.of() : List.copyOf(domains);
        useCitizenlab = useCitizenlab == null ? Boolean.TRUE : useCitizenlab;
        ewmaWeight = ewmaWeight == null ? 0.02 : ewmaWeight;
        ewmaBlockAbove = ewmaBlockAbove == null ? 0.10 : ewmaBlockAbove;
        ewmaClearBelow = ewmaClearBelow == null ? 0.05 : ewmaClearBelow;
        groupWindowHours = groupWindowHours == null ? 6 : groupWindowHours;
        feedMaxItems = feedMaxItems == null ? 1000 : feedMaxItems;
        explorerBaseUrl = explorerBaseUrl == null ? "https://explorer.ooni.org" : explorerBaseUrl;
        followSettleSeconds = followSettleSeconds == null ? 300 : followSettleSeconds;
    }

    public static DetectorSettings defaults() {
        return new DetectorSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public CusumParams cusumParams() {
        return new CusumParams(mu0, mu1, edd, gapHalfLifeHours, gapTriggerHours, stateExpiryDays);
    }

    public EwmaParams ewmaParams() {
        return new EwmaParams(ewmaWeight, ewmaBlockAbove, ewmaClearBelow);
    }

    public DetectorSettings withEdd(double newEdd) {
        return new DetectorSettings(mu0, mu1, newEdd, gapHalfLifeHours, gapTriggerHours, stateExpiryDays, domains,
                useCitizenlab, ewmaWeight, ewmaBlockAbove, ewmaClearBelow, groupWindowHours, feedsDir, feedMaxItems,
                explorerBaseUrl, followSettleSeconds);
    }

    public DetectorSettings withDomains(List<String> newDomains, boolean citizenlab) {
        return new DetectorSettings(mu0, mu1, edd, gapHalfLifeHours, gapTriggerHours, stateExpiryDays, newDomains,
                citizenlab, ewmaWeight, ewmaBlockAbove, ewmaClearBelow, groupWindowHours, feedsDir, feedMaxItems,
                explorerBaseUrl, followSettleSeconds);
    }
}
