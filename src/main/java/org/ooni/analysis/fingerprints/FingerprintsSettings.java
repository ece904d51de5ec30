package org.ooni.analysis.fingerprints;

/**
 * The {@code [fingerprints]} section: where the two CSV files come from ({@code https://}, {@code http://},
 * {@code file:} URLs or plain paths) and the row-count bounds each file must fall within (exclusive).
 */
public record FingerprintsSettings(String dnsUrl, String httpUrl, Long minRows, Long maxRows) {
    public static final String DEFAULT_DNS_URL =
            "https://raw.githubusercontent.com/ooni/blocking-fingerprints/main/fingerprints_dns.csv";
    public static final String DEFAULT_HTTP_URL =
            "https://raw.githubusercontent.com/ooni/blocking-fingerprints/main/fingerprints_http.csv";

    public FingerprintsSettings {
        if (dnsUrl == null) {
            dnsUrl = DEFAULT_DNS_URL;
        }
        if (httpUrl == null) {
            httpUrl = DEFAULT_HTTP_URL;
        }
        if (minRows == null) {
            minRows = 100L;
        }
        if (maxRows == null) {
            maxRows = 50_000L;
        }
    }

    public FingerprintsSettings withUrls(String newDnsUrl, String newHttpUrl) {
        return new FingerprintsSettings(newDnsUrl == null ? dnsUrl : newDnsUrl,
                newHttpUrl == null ? httpUrl : newHttpUrl, minRows, maxRows);
    }

    public String url(FingerprintKind kind) {
        return kind == FingerprintKind.DNS ? dnsUrl : httpUrl;
    }
}
