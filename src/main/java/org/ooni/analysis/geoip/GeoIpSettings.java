package org.ooni.analysis.geoip;

import java.util.List;

/**
 * The {@code [geoip]} section. {@code asn_url} and {@code cc_url} are templates with a {@code {YYYY-MM}} placeholder
 * (http(s) URLs, {@code file:} URLs or plain paths). {@code enabled} only decides whether {@code update all} runs
 * this job; {@code update geoip} always runs it. {@code deadline_seconds} bounds each file's whole download.
 */
public record GeoIpSettings(Boolean enabled, String dir, String asnUrl, String ccUrl, String userAgent,
                            Long maxDownloadBytes, Long maxDecompressedBytes, List<String> probeAddresses,
                            Integer debugPauseDuringInstallSeconds, Long deadlineSeconds) {
    public static final String DEFAULT_DIR = "/var/lib/ooniapi";
    public static final String DEFAULT_ASN_URL = "https://download.db-ip.com/free/dbip-asn-lite-{YYYY-MM}.mmdb.gz";
    public static final String DEFAULT_CC_URL = "https://download.db-ip.com/free/dbip-country-lite-{YYYY-MM}.mmdb.gz";
    public static final String MONTH_PLACEHOLDER = "{YYYY-MM}";

    public GeoIpSettings {
        if (enabled == null) {
            enabled = false;
        }
        if (dir == null) {
            dir = DEFAULT_DIR;
        }
        if (asnUrl == null) {
            asnUrl = DEFAULT_ASN_URL;
        }
        if (ccUrl == null) {
            ccUrl = DEFAULT_CC_URL;
        }
        if (userAgent == null) {
            // db-ip answers 403 to requests without a User-Agent
            userAgent = "ooni-downloader";
        }
        if (maxDownloadBytes == null) {
            maxDownloadBytes = 256L * 1024 * 1024;
        }
        if (maxDecompressedBytes == null) {
            maxDecompressedBytes = 1024L * 1024 * 1024;
        }
        if (probeAddresses == null) {
            probeAddresses = List.of("8.8.8.8", "2001:4860:4860::8888");
        }
        probeAddresses = List.copyOf(probeAddresses);
        if (debugPauseDuringInstallSeconds == null) {
            debugPauseDuringInstallSeconds = 0;
        }
        if (deadlineSeconds == null) {
            // Each file is up to max_download_bytes (256 MB): half an hour is a slow but working link.
            deadlineSeconds = 1800L;
        }
    }

    public GeoIpSettings(Boolean enabled, String dir, String asnUrl, String ccUrl, String userAgent,
                         Long maxDownloadBytes, Long maxDecompressedBytes, List<String> probeAddresses,
                         Integer debugPauseDuringInstallSeconds) {
        this(enabled, dir, asnUrl, ccUrl, userAgent, maxDownloadBytes, maxDecompressedBytes, probeAddresses,
                debugPauseDuringInstallSeconds, null);
    }

    public GeoIpSettings withDir(String newDir) {
        return new GeoIpSettings(enabled, newDir, asnUrl, ccUrl, userAgent, maxDownloadBytes, maxDecompressedBytes,
                probeAddresses, debugPauseDuringInstallSeconds, deadlineSeconds);
    }

    public GeoIpSettings withUrls(String newAsnUrl, String newCcUrl) {
        return new GeoIpSettings(enabled, dir, newAsnUrl == null ? asnUrl : newAsnUrl,
                newCcUrl == null ? ccUrl : newCcUrl, userAgent, maxDownloadBytes, maxDecompressedBytes,
                probeAddresses, debugPauseDuringInstallSeconds, deadlineSeconds);
    }
}
