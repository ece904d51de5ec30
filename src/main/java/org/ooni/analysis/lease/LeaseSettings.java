package org.ooni.analysis.lease;

import org.ooni.analysis.error.UsageError;

/**
 * The {@code [lease]} section. {@code expiry_seconds}: how long a lease on ClickHouse outlives its holder's last
 * heartbeat (written every quarter of it) before a run on another host takes it over; on the holder's own host a
 * dead pid is enough. {@code wait_default_seconds}: how long {@code --wait} without a value waits.
 */
public record LeaseSettings(Long expirySeconds, Long waitDefaultSeconds) {
    public LeaseSettings {
        if (expirySeconds == null) {
            expirySeconds = 120L;
        }
        if (waitDefaultSeconds == null) {
            waitDefaultSeconds = 3600L;
        }
        if (expirySeconds < 2) {
            throw new UsageError("[lease] expiry_seconds = " + expirySeconds + " must be at least 2");
        }
        if (waitDefaultSeconds < 0) {
            throw new UsageError("[lease] wait_default_seconds = " + waitDefaultSeconds + " must be at least 0");
        }
    }
}
