package org.ooni.analysis.job;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.ooni.analysis.error.Redact;

/**
 * One log line per step. Human mode ({@code --stdout}) prefixes a UTC time and goes to stdout; service mode writes
 * plain lines with a level word to stderr, which journald timestamps itself. Every line goes through {@link Redact#line}:
 * credentials masked, control characters escaped.
 */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final boolean human;
    private final boolean verbose;
    private final Clock clock;

    public Log(PrintStream out, boolean human, boolean verbose, Clock clock) {
        this.out = out;
        this.human = human;
        this.verbose = verbose;
        this.clock = clock;
    }

    /** A log that writes nothing (library use and tests that only look at results). */
    public static Log silent() {
        return new Log(new PrintStream(PrintStream.nullOutputStream()), false, false, Clock.systemUTC());
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warn(String message) {
        write("WARN", message);
    }

    public void error(String message) {
        write("ERROR", message);
    }

    public void debug(String message) {
        if (verbose) {
            write("DEBUG", message);
        }
    }

    public boolean verbose() {
        return verbose;
    }

    private void write(String level, String message) {
        String clean = Redact.line(message);
        if (human) {
            out.println(LocalTime.now(clock.withZone(ZoneOffset.UTC)).format(TIME) + " " + pad(level) + clean);
        } else {
            out.println(level + " " + clean);
        }
        out.flush();
    }

    private static String pad(String level) {
        return (level + "      ").substring(0, 6);
    }
}
