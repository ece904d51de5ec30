package org.ooni.analysis.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured output, for tests in any package. */
public final class CliRun {
    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** The stderr line that starts with "error:", or "" when there is none. */
        public String errorLine() {
            return err.lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
        }
    }

    private CliRun() {
    }

    public static Result run(String... args) {
        return run(Map.of(), Clock.systemUTC(), args);
    }

    public static Result run(Map<String, String> env, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> vars = new HashMap<>(env);
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Main.run(args, new Environment(vars, o, e, clock));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
