package org.ooni.analysis.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.ooni.analysis.error.UsageError;

/** Parses ISO time options: {@code 2024-01-10T05:00:00Z}, {@code 2024-01-10T05:00} (UTC) or {@code 2024-01-10}. */
final class TimeOption {
    private TimeOption() {
    }

    static Instant parse(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            // try the shorter forms below
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageError(option + " must be an ISO time such as 2024-01-10T05:00:00Z, not '" + value + "'");
        }
    }
}
