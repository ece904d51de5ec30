package org.ooni.analysis.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static Instant next(String cron, String after) {
        return CronSchedule.parse(cron).nextAfter(t(after));
    }

    @Test
    void everyThirtyMinutesIsStrictlyAfterAndDropsSeconds() {
        assertEquals(t("2024-03-01T00:30:00Z"), next("*/30 * * * *", "2024-03-01T00:00:00Z"));
        assertEquals(t("2024-03-01T00:30:00Z"), next("*/30 * * * *", "2024-03-01T00:29:59Z"));
        assertEquals(t("2024-03-01T01:00:00Z"), next("*/30 * * * *", "2024-03-01T00:30:00Z"));
        assertEquals(Duration.ofMinutes(30), CronSchedule.parse("*/30 * * * *").intervalAfter(t("2024-03-01T00:10:00Z")));
    }

    @Test
    void hourlyAtMinuteThirtyAcrossMidnightAndYearEnd() {
        assertEquals(t("2025-01-01T00:30:00Z"), next("30 * * * *", "2024-12-31T23:31:00Z"));
        assertEquals(Duration.ofHours(1), CronSchedule.parse("30 * * * *").intervalAfter(t("2024-12-31T23:31:00Z")));
    }

    @Test
    void weeklySundayMidnightWithZeroOrSeven() {
        // 2024-03-01 is a Friday; the next Sunday is the 3rd.
        assertEquals(t("2024-03-03T00:00:00Z"), next("0 0 * * 0", "2024-03-01T12:00:00Z"));
        assertEquals(t("2024-03-03T00:00:00Z"), next("0 0 * * 7", "2024-03-01T12:00:00Z"));
        assertEquals(t("2024-03-10T00:00:00Z"), next("0 0 * * 0", "2024-03-03T00:00:00Z"));
        assertEquals(Duration.ofDays(7), CronSchedule.parse("0 0 * * 0").intervalAfter(t("2024-03-01T12:00:00Z")));
    }

    @Test
    void listsRangesAndSteps() {
        assertEquals(t("2024-03-01T17:00:00Z"), next("0 9,17 * * *", "2024-03-01T09:00:00Z"));
        assertEquals(t("2024-03-04T09:15:00Z"), next("15 9-17/4 * * 1-5", "2024-03-01T17:15:00Z")); // Fri -> Mon
        assertEquals(t("2024-03-01T13:15:00Z"), next("15 9-17/4 * * 1-5", "2024-03-01T09:15:00Z"));
        assertEquals(t("2024-03-01T10:50:00Z"), next("5/15 * * * *", "2024-03-01T10:35:00Z"));
        assertEquals(Duration.ofHours(16), CronSchedule.parse("0 9,17 * * *").intervalAfter(t("2024-03-01T10:00:00Z")));
        assertEquals(Duration.ofHours(8), CronSchedule.parse("0 9,17 * * *").intervalAfter(t("2024-03-01T18:00:00Z")));
    }

    @Test
    void monthAndDayOfMonthIncludingLeapDay() {
        assertEquals(t("2024-06-01T00:00:00Z"), next("0 0 1 6 *", "2024-03-01T00:00:00Z"));
        assertEquals(t("2028-02-29T06:00:00Z"), next("0 6 29 2 *", "2024-03-01T00:00:00Z"));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        // The 15th or any Monday: from Friday 2024-03-01 the first is Monday the 4th.
        assertEquals(t("2024-03-04T00:00:00Z"), next("0 0 15 * 1", "2024-03-01T00:00:00Z"));
        assertEquals(t("2024-03-15T00:00:00Z"), next("0 0 15 * 1", "2024-03-11T00:00:00Z"));
    }

    @Test
    void badExpressionsNameTheField() {
        assertEquals("cron expression '* * * *' must have 5 fields (minute hour day-of-month month day-of-week), not 4",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * * *")).getMessage());
        assertEquals("cron expression '60 * * * *': Value 60 not in range [0, 59]",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("60 * * * *")).getMessage());
        assertEquals("cron expression '0 5-2 * * *': Invalid range! [5,2]",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 5-2 * * *")).getMessage());
        assertEquals("cron expression '*/0 * * * *': Period 0 not in range [0, 59]",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("*/0 * * * *")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 1,,2 * *")).getMessage()
                .startsWith("cron expression '0 0 1,,2 * *': Invalid chars in expression!"));
        assertEquals(java.time.DayOfWeek.MONDAY, next("0 0 * * MON", "2024-03-01T00:00:00Z").atZone(java.time.ZoneOffset.UTC).getDayOfWeek());
        assertEquals("cron expression '0 0 31 2 *' never matches a real date",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 31 2 *")).getMessage());
    }
}
