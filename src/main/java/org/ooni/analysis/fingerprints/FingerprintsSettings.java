package org.ooni.analysis.fingerprints;

/**
 * The {@code [fingerprints]} section: where the two CSV files come from ({@code https://}, {@code http://},
 * {@code file:} URLs or plain paths), the row-count bounds each file must fall within (exclusive), and
 * {@code deadline_seconds}, the most each file's download may take in all.
 */
public record FingerprintsSettings(String dnsUrl, String httpUrl, Long minRows, Long maxRows, Long deadlineSeconds) {
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
        if (deadlineSeconds == null) {
            // Two files of a few hundred KB each: two minutes each is generous.
            deadlineSeconds = 120L;
        }
    }

    public FingerprintsSettings(String dnsUrl, String httpUrl, Long minRows, Long maxRows) {
        this(dnsUrl, httpUrl, minRows, maxRows, null);
    }

    public FingerprintsSettings withUrls(String newDnsUrl, String newHttpUrl) {
        return new FingerprintsSettings(newDnsUrl == null ? dnsUrl : newDnsUrl,
                newHttpUrl == null ? httpUrl : newHttpUrl, minRows, maxRows, deadlineSeconds);
    }

    public String url(FingerprintKind kind) {
        return kind == FingerprintKind.DNS ? dnsUrl : httpUrl;
    }
}
