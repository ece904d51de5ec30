package org.ooni.analysis.fingerprints;

import java.util.List;

/**
 * One fingerprint that matched. {@code confirmsBlocking} holds when the probe country is among the expected
 * countries or the scope is {@code nat} or {@code isp}; a {@code fp} (false-positive) fingerprint never confirms.
 */
public record FingerprintMatch(String name, String scope, String location, String patternType, int confidenceNoFp,
                               List<String> expectedCountries, boolean falsePositive, boolean confirmsBlocking) {
    public FingerprintMatch {
        expectedCountries = List.copyOf(expectedCountries);
    }

    static FingerprintMatch of(Fingerprint f, String probeCc) {
        List<String> countries = f.expectedCountries().isEmpty() ? List.of()
                : List.of(f.expectedCountries().split(","));
        boolean falsePositive = f.scope().equals("fp");
        boolean confirms = !falsePositive && (f.scope().equals("nat") || f.scope().equals("isp")
                || (probeCc != null && countries.contains(probeCc)));
        return new FingerprintMatch(f.name(), f.scope(), f.locationFound(), f.patternType().word(), f.confidenceNoFp(),
                countries, falsePositive, confirms);
    }

    /** One word for the verdict: false-positive, confirmed, or unconfirmed. */
    public String verdict() {
        return falsePositive ? "false-positive" : confirmsBlocking ? "confirmed" : "unconfirmed";
    }
}
