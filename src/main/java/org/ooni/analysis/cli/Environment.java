package org.ooni.analysis.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the process gives the CLI: environment variables, standard input, the two output streams and the clock
 * (all injected in tests).
 */
public record Environment(Map<String, String> variables, InputStream in, PrintStream out, PrintStream err,
                          Clock clock) {
    /** An environment with empty standard input. */
    public Environment(Map<String, String> variables, PrintStream out, PrintStream err, Clock clock) {
        this(variables, InputStream.nullInputStream(), out, err, clock);
    }

    public static Environment system() {
        return new Environment(System.getenv(), System.in, System.out, System.err, Clock.systemUTC());
    }
}
