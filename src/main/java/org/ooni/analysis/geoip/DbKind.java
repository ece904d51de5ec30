package org.ooni.analysis.geoip;

import java.util.Map;
import java.util.Optional;

/**
 * The two databases of the pair: the file each is installed as, how its metadata type is recognised, and the
 * shape a probe lookup must return. db-ip's and MaxMind's files share the record shapes, so both are accepted.
 */
enum DbKind {
    ASN("asn", "asn.mmdb", "ASN"),
    COUNTRY("cc", "cc.mmdb", "Country");

    private final String label;
    private final String fileName;
    private final String typeMarker;

    DbKind(String label, String fileName, String typeMarker) {
        this.label = label;
        this.fileName = fileName;
        this.typeMarker = typeMarker;
    }

    /** Short name used in metric names ({@code geoip_asn_node_cnt}) and log lines. */
    String label() {
        return label;
    }

    String fileName() {
        return fileName;
    }

    /**
     * Matches "DBIP-ASN-Lite (compat=GeoLite2-ASN)" and "GeoLite2-ASN" for ASN, and "DBIP-Country-Lite",
     * "GeoLite2-Country", "GeoIP2-Country" for Country, as MaxMind's own readers do.
     */
    boolean acceptsType(String databaseType) {
        return databaseType != null && databaseType.contains(typeMarker);
    }

    String typeMarker() {
        return typeMarker;
    }

    /**
     * What a probe lookup must hold: an ASN record with a positive {@code autonomous_system_number}, or a country
     * record with a two-letter {@code country.iso_code}. Empty when the record has that shape, else what is wrong.
     */
    Optional<String> shapeProblem(Map<String, Object> record) {
        if (record == null) {
            return Optional.of("no record");
        }
        if (this == ASN) {
            return asn(record).isPresent() ? Optional.empty()
                    : Optional.of("record has no autonomous_system_number: " + record.keySet());
        }
        return countryCode(record).isPresent() ? Optional.empty()
                : Optional.of("record has no two-letter country.iso_code: " + record.keySet());
    }

    static Optional<Long> asn(Map<String, Object> record) {
        if (record != null && record.get("autonomous_system_number") instanceof Number n && n.longValue() > 0) {
            return Optional.of(n.longValue());
        }
        return Optional.empty();
    }

    static Optional<String> organization(Map<String, Object> record) {
        if (record != null && record.get("autonomous_system_organization") instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    static Optional<String> countryCode(Map<String, Object> record) {
        if (record != null && record.get("country") instanceof Map<?, ?> country
                && country.get("iso_code") instanceof String code && code.length() == 2) {
            return Optional.of(code);
        }
        return Optional.empty();
    }
}
