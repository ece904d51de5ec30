package org.ooni.analysis.asnmeta;

/**
 * The {@code [asnmeta]} section. {@code source} is an {@code https://} or {@code http://} URL, a {@code file:} URL
 * or a plain path; the load must give more than {@code min_rows} and fewer than {@code max_rows} rows.
 * {@code deadline_seconds} bounds the whole download (retries included).
 */
public record AsnMetaSettings(String source, Long minRows, Long maxRows, Long deadlineSeconds) {
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
        if (deadlineSeconds == null) {
            // The file is about 40 MB, streamed into the store as it comes: ten minutes is a slow but working link.
            deadlineSeconds = 600L;
        }
    }

    public AsnMetaSettings(String source, Long minRows, Long maxRows) {
        this(source, minRows, maxRows, null);
    }

    public AsnMetaSettings withSource(String newSource) {
        return new AsnMetaSettings(newSource, minRows, maxRows, deadlineSeconds);
    }
}
