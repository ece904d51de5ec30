package org.ooni.analysis.fingerprints;

import org.ooni.analysis.fetch.HttpFetcher;

/**
 * Downloads the two fingerprint files over HTTP(S), or reads them from {@code file:} URLs or paths, through the
 * shared {@link HttpFetcher} (timeouts, retries on network errors and 5xx, size cap, User-Agent). Raw files, no clone:
 * they are two small files and the job hashes them to decide whether anything changed.
 */
public final class FingerprintSource {
    private final HttpFetcher fetcher;
    private final FingerprintsSettings settings;

    public FingerprintSource(HttpFetcher fetcher, FingerprintsSettings settings) {
        this.fetcher = fetcher;
        this.settings = settings;
    }

    public FetchedFile fetch(FingerprintKind kind) {
        String url = settings.url(kind);
        return FetchedFile.of(kind, url, fetcher.fetch(url, body -> body.readAllBytes()));
    }
}
