package org.ooni.analysis.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** What the process gives the CLI: environment variables, the two output streams and the clock (injected in tests). */
public record Environment(Map<String, String> variables, PrintStream out, PrintStream err, Clock clock) {
    public static Environment system() {
        return new Environment(System.getenv(), System.out, System.err, Clock.systemUTC());
    }
}
