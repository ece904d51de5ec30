package org.ooni.analysis.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages print times, durations and scores (UTC, to the hour, compact enough for a phone). */
final class PageFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private PageFormat() {
    }

    /** {@code <time datetime="ISO">yyyy-MM-dd HH:mm</time>}. */
    static String time(Instant t) {
        return "<time datetime=\"" + t + "\">" + TIME.format(t) + "</time>";
    }

    static String plain(Instant t) {
        return TIME.format(t);
    }

    /** The value a form's date field shows: a date at midnight, else the ISO time the API accepts. */
    static String formValue(Instant t) {
        return t.getEpochSecond() % 86400 == 0 ? DAY.format(t) : t.toString();
    }

    /** "3 d 4 h", "5 h", "< 1 h". */
    static String duration(Duration d) {
        long hours = d.toHours();
        if (hours < 1) {
            return "< 1 h";
        }
        return hours >= 24 ? hours / 24 + " d " + hours % 24 + " h" : hours + " h";
    }

    static String score(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
