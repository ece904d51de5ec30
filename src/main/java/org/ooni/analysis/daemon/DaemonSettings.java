package org.ooni.analysis.daemon;

import java.util.List;
import java.util.Map;

/**
 * The {@code [daemon]} section: retries, random delays, which jobs count as heavy, the shutdown grace period and
 * where the per-job lock files live. Every key has a default; bad values are rejected when the section is read.
 */
public record DaemonSettings(Integer retryAttempts, Long retryIntervalMinutes, Long randomDelaySeconds,
                             Map<String, Long> randomDelayPerJob, List<String> heavyJobs, Long graceSeconds,
                             Long abortWaitSeconds, String lockDir) {
    public DaemonSettings {
        retryAttempts = retryAttempts == null ? 3 : retryAttempts;
        retryIntervalMinutes = retryIntervalMinutes == null ? 10 : retryIntervalMinutes;
        randomDelaySeconds = randomDelaySeconds == null ? 0 : randomDelaySeconds;
        randomDelayPerJob = randomDelayPerJob == null ? Map.of() : Map.copyOf(randomDelayPerJob);
        heavyJobs = heavyJobs == null ? List.of("asnmeta", "backup", "detect") : List.copyOf(heavyJobs);
        graceSeconds = graceSeconds == null ? 60 : graceSeconds;
        abortWaitSeconds = abortWaitSeconds == null ? 30 : abortWaitSeconds;
        lockDir = lockDir == null ? "" : lockDir.trim();
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("retry_attempts must be at least 1, not " + retryAttempts);
        }
        if (retryIntervalMinutes < 0 || randomDelaySeconds < 0 || graceSeconds < 0 || abortWaitSeconds < 0) {
            throw new IllegalArgumentException("retry_interval_minutes, random_delay_seconds, grace_seconds and "
                    + "abort_wait_seconds must not be negative");
        }
        randomDelayPerJob.forEach((job, seconds) -> {
            if (seconds == null || seconds < 0) {
                throw new IllegalArgumentException("random_delay_per_job." + job + " must not be negative");
            }
        });
    }

    /** Every key at its default. */
    public static DaemonSettings defaults() {
        return new DaemonSettings(null, null, null, null, null, null, null, null);
    }

    /** The largest random delay before a scheduled run of {@code job}, in seconds. */
    public long randomDelayFor(String job) {
        return randomDelayPerJob.getOrDefault(job, randomDelaySeconds);
    }
}
