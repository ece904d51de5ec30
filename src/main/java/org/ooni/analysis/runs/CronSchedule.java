package org.ooni.analysis.runs;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A job's schedule: a five-field Unix cron expression ({@code minute hour day-of-month month day-of-week}) evaluated
 * in UTC, parsed and stepped by cron-utils. Day-of-week 0 and 7 both mean Sunday, and names (MON, JAN) are accepted; as in Vixie cron, when both day
 * fields are restricted a day matches if either does.
 */
public final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    // Enough to reach the next 29 February from any date, so a valid expression always finds its next time.
    private static final int SEARCH_YEARS = 9;

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses an expression; throws {@link IllegalArgumentException} naming what is wrong, or that it never matches. */
    public static CronSchedule parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("cron expression is missing");
        }
        String trimmed = expression.trim();
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression
                    + "' must have 5 fields (minute hour day-of-month month day-of-week), not " + fields.length);
        }
        Cron cron;
        try {
            cron = PARSER.parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", "");
            throw new IllegalArgumentException("cron expression '" + trimmed + "': " + reason, e);
        }
        CronSchedule schedule = new CronSchedule(trimmed, cron);
        schedule.nextAfter(Instant.parse("2000-01-01T00:00:00Z")); // e.g. "0 0 31 2 *" fails here, not at run time
        return schedule;
    }

    public String expression() {
        return expression;
    }

    /** The first scheduled minute strictly after {@code time}. */
    public Instant nextAfter(Instant time) {
        ZonedDateTime from = time.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> next;
        try {
            next = executionTime.nextExecution(from);
        } catch (IllegalArgumentException e) {
            next = Optional.empty(); // cron-utils' way of saying that no date in its search window matches
        }
        if (next.isEmpty() || next.get().isAfter(from.plusYears(SEARCH_YEARS))) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never matches a real date");
        }
        return next.get().toInstant();
    }

    /** The gap between the first two scheduled times after {@code time}: the job's interval around then. */
    public Duration intervalAfter(Instant time) {
        Instant first = nextAfter(time);
        return Duration.between(first, nextAfter(first));
    }

    @Override
    public String toString() {
        return expression;
    }
}
