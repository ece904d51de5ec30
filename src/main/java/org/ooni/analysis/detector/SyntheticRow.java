package org.ooni.analysis.detector;

import java.time.Instant;

/** One generated {@code analysis_web_measurement} row. */
public record SyntheticRow(String uid, long epochSeconds, String cc, long asn, long resolverAsn, String domain,
                           float dns, float tcp, float tls) {
    public Object[] toRow() {
        return new Object[] {uid, Instant.ofEpochSecond(epochSeconds), cc, asn, resolverAsn, domain, dns, tcp, tls};
    }
}
