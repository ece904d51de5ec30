package org.ooni.analysis.error;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SanityCheckFailedTest {
    @Test
    void boundsAreExclusive() {
        assertDoesNotThrow(() -> SanityCheckFailed.requireBetween("rows", 20_001, 20_000, 1_000_000));
        assertDoesNotThrow(() -> SanityCheckFailed.requireBetween("rows", 999_999, 20_000, 1_000_000));
        SanityCheckFailed low = assertThrows(SanityCheckFailed.class,
                () -> SanityCheckFailed.requireBetween("rows", 20_000, 20_000, 1_000_000));
        assertEquals("rows: 20000 is outside the bound (20000, 1000000)", low.getMessage());
        assertEquals(5, low.exitCode());
        SanityCheckFailed high = assertThrows(SanityCheckFailed.class,
                () -> SanityCheckFailed.requireBetween("rows", 1_000_000, 20_000, 1_000_000));
        assertEquals(1_000_000, high.figure());
    }

    @Test
    void redactMasksPasswordsInUrls() {
        assertEquals("clickhouse://bob:***@db.example:8123/ooni",
                Redact.url("clickhouse://bob:s3cr3t@db.example:8123/ooni"));
        assertEquals("see https://u:***@h/x and token=***", Redact.secrets("see https://u:p@h/x and token=abc"));
    }
}
