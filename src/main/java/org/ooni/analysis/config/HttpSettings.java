package org.ooni.analysis.config;

/** The {@code [http]} section: how every HTTP download behaves (timeouts, retries, size cap, User-Agent). */
public record HttpSettings(Integer connectTimeoutSeconds, Integer readTimeoutSeconds, Integer attempts,
                           Long backoffMillis, Long maxBodyBytes, String userAgent) {
    public HttpSettings {
        if (connectTimeoutSeconds == null) {
            connectTimeoutSeconds = 10;
        }
        if (readTimeoutSeconds == null) {
            readTimeoutSeconds = 60;
        }
        if (attempts == null) {
            attempts = 3;
        }
        if (backoffMillis == null) {
            backoffMillis = 1000L;
        }
        if (maxBodyBytes == null) {
            maxBodyBytes = 64L * 1024 * 1024;
        }
        if (userAgent == null) {
            userAgent = "ooni-analysis";
        }
    }
}
