package org.ooni.analysis.citizenlab;

/**
 * The {@code [citizenlab]} section. {@code source} is a git URL ({@code https://}, {@code file://}), a local git
 * repository, or a plain folder holding {@code lists/}. {@code cache_dir}, when set, keeps a bare mirror there so a
 * changed remote is fetched incrementally instead of cloned anew. {@code clone_timeout_seconds} is git's own
 * per-read timeout; {@code deadline_seconds} bounds each git request (head check, clone or fetch) in all.
 * {@code max_url_bytes} rejects longer URLs (counted like every other rejected row).
 */
public record CitizenLabSettings(String source, Boolean strict, Long minRows, Long maxRows,
                                 Integer cloneTimeoutSeconds, String cacheDir, Integer debugPauseBeforeSwapSeconds,
                                 Long deadlineSeconds, Integer maxUrlBytes) {
    public static final String DEFAULT_SOURCE = "https://github.com/citizenlab/test-lists.git";

    public CitizenLabSettings {
        if (source == null) {
            source = DEFAULT_SOURCE;
        }
        if (strict == null) {
            strict = false;
        }
        if (minRows == null) {
            minRows = 20_000L;
        }
        if (maxRows == null) {
            maxRows = 1_000_000L;
        }
        if (cloneTimeoutSeconds == null) {
            cloneTimeoutSeconds = 120;
        }
        if (debugPauseBeforeSwapSeconds == null) {
            debugPauseBeforeSwapSeconds = 0;
        }
        if (deadlineSeconds == null) {
            // A cold shallow clone of the real repository takes about 1 s here; five minutes is a very slow link.
            deadlineSeconds = 300L;
        }
        if (maxUrlBytes == null) {
            maxUrlBytes = TestListParser.DEFAULT_MAX_URL_BYTES;
        }
    }

    public CitizenLabSettings(String source, Boolean strict, Long minRows, Long maxRows, Integer cloneTimeoutSeconds,
                              String cacheDir, Integer debugPauseBeforeSwapSeconds) {
        this(source, strict, minRows, maxRows, cloneTimeoutSeconds, cacheDir, debugPauseBeforeSwapSeconds, null, null);
    }

    public CitizenLabSettings withSource(String newSource) {
        return new CitizenLabSettings(newSource, strict, minRows, maxRows, cloneTimeoutSeconds, cacheDir,
                debugPauseBeforeSwapSeconds, deadlineSeconds, maxUrlBytes);
    }

    public CitizenLabSettings withStrict(boolean newStrict) {
        return new CitizenLabSettings(source, newStrict, minRows, maxRows, cloneTimeoutSeconds, cacheDir,
                debugPauseBeforeSwapSeconds, deadlineSeconds, maxUrlBytes);
    }
}
