package org.ooni.analysis.asnmeta;

/**
 * The {@code [asnmeta]} section. {@code source} is an {@code https://} or {@code http://} URL, a {@code file:} URL
 * or a plain path; the load must give more than {@code min_rows} and fewer than {@code max_rows} rows.
 */
public record AsnMetaSettings(String source, Long minRows, Long maxRows) {
    public static final String DEFAULT_SOURCE = "https://archive.org/download/ip2country-as/all_as_org_map.json";

    public AsnMetaSettings {
        if (source == null) {
            source = DEFAULT_SOURCE;
        }
        if (minRows == null) {
            minRows = 100_000L;
        }
        if (maxRows == null) {
            maxRows = 1_000_000L;
        }
    }

    public AsnMetaSettings withSource(String newSource) {
        return new AsnMetaSettings(newSource, minRows, maxRows);
    }
}
