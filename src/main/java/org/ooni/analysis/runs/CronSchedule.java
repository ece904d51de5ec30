package org.ooni.analysis.runs;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in UTC. Each field is
 * {@code *} or a comma list of values, ranges {@code a-b} and steps ({@code *}{@code /n}, {@code a-b/n}, {@code a/n});
 * day-of-week is 0-7 with both 0 and 7 meaning Sunday. As in Vixie cron, when both day fields are restricted a day
 * matches if either does. No names ({@code MON}, {@code JAN}) and no {@code @hourly} shorthands: the defaults and the
 * original timers need none. (No cron library is available to this build, hence this small parser.)
 */
public final class CronSchedule {
    // Enough to reach the next 29 February from any date, so a valid expression always finds its next time.
    private static final int SEARCH_YEARS = 9;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = Field.MINUTE.parse(expression, fields[0]);
        this.hours = Field.HOUR.parse(expression, fields[1]);
        this.daysOfMonth = Field.DAY_OF_MONTH.parse(expression, fields[2]);
        this.months = Field.MONTH.parse(expression, fields[3]);
        BitSet dow = Field.DAY_OF_WEEK.parse(expression, fields[4]);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.anyDayOfMonth = fields[2].startsWith("*");
        this.anyDayOfWeek = fields[4].startsWith("*");
    }

    /** Parses an expression; throws {@link IllegalArgumentException} naming the bad field, or one that never matches. */
    public static CronSchedule parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("cron expression is missing");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression
                    + "' must have 5 fields (minute hour day-of-month month day-of-week), not " + fields.length);
        }
        CronSchedule schedule = new CronSchedule(expression.trim(), fields);
        schedule.nextAfter(Instant.parse("2000-01-01T00:00:00Z")); // e.g. "0 0 31 2 *" fails here, not at run time
        return schedule;
    }

    public String expression() {
        return expression;
    }

    /** The first scheduled minute strictly after {@code time}. */
    public Instant nextAfter(Instant time) {
        LocalDateTime t = LocalDateTime.ofInstant(time, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t.toInstant(ZoneOffset.UTC);
            }
        }
        throw new IllegalArgumentException("cron expression '" + expression + "' never matches a real date");
    }

    /** The gap between the first two scheduled times after {@code time}: the job's interval around then. */
    public Duration intervalAfter(Instant time) {
        Instant first = nextAfter(time);
        return Duration.between(first, nextAfter(first));
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = daysOfMonth.get(date.getDayOfMonth());
        boolean dow = daysOfWeek.get(date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** The five fields and their ranges. */
    private enum Field {
        MINUTE("minute", 0, 59), HOUR("hour", 0, 23), DAY_OF_MONTH("day-of-month", 1, 31), MONTH("month", 1, 12),
        DAY_OF_WEEK("day-of-week", 0, 7);

        private final String label;
        private final int min;
        private final int max;

        Field(String label, int min, int max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }

        BitSet parse(String expression, String text) {
            BitSet set = new BitSet(max + 1);
            for (String item : text.split(",", -1)) {
                parseItem(expression, text, item, set);
            }
            return set;
        }

        private void parseItem(String expression, String text, String item, BitSet set) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(expression, text, item.substring(slash + 1));
                if (step < 1) {
                    throw bad(expression, text, "step must be at least 1");
                }
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                int dash = range.indexOf('-');
                lo = value(expression, text, range.substring(0, dash));
                hi = value(expression, text, range.substring(dash + 1));
                if (lo > hi) {
                    throw bad(expression, text, "range " + range + " goes backwards");
                }
            } else {
                lo = value(expression, text, range);
                hi = slash >= 0 ? max : lo; // "a/n" means from a to the end of the range, every n
            }
            for (int v = lo; v <= hi; v += step) {
                set.set(v);
            }
        }

        private int value(String expression, String text, String s) {
            int v = number(expression, text, s);
            if (v < min || v > max) {
                throw bad(expression, text, v + " is outside " + min + "-" + max);
            }
            return v;
        }

        private int number(String expression, String text, String s) {
            if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(Character::isDigit)) {
                throw bad(expression, text, "'" + s + "' is not a number");
            }
            return Integer.parseInt(s);
        }

        private IllegalArgumentException bad(String expression, String text, String why) {
            return new IllegalArgumentException("cron expression '" + expression + "': " + label + " field '" + text
                    + "': " + why);
        }
    }
}
