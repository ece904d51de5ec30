package org.ooni.analysis.citizenlab;

/**
 * The {@code [citizenlab]} section. {@code source} is a git URL ({@code https://}, {@code file://}), a local git
 * repository, or a plain folder holding {@code lists/}. {@code cache_dir}, when set, keeps a bare mirror there so a
 * changed remote is fetched incrementally instead of cloned anew.
 */
public record CitizenLabSettings(String source, Boolean strict, Long minRows, Long maxRows,
                                 Integer cloneTimeoutSeconds, String cacheDir, Integer debugPauseBeforeSwapSeconds) {
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
    }

    public CitizenLabSettings withSource(String newSource) {
        return new CitizenLabSettings(newSource, strict, minRows, maxRows, cloneTimeoutSeconds, cacheDir,
                debugPauseBeforeSwapSeconds);
    }

    public CitizenLabSettings withStrict(boolean newStrict) {
        return new CitizenLabSettings(source, newStrict, minRows, maxRows, cloneTimeoutSeconds, cacheDir,
                debugPauseBeforeSwapSeconds);
    }
}
