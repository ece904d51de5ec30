package org.ooni.analysis.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.Redact;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Entry point: builds the picocli command tree, runs it, and maps every failure to one line and an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Environment.system()));
    }

    /** Runs the command line and returns the exit code (documented in the README). */
    public static int run(String[] args, Environment env) {
        RootCommand root = new RootCommand(env);
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(env.out(), true));
        cli.setErr(new PrintWriter(env.err(), true));
        cli.setExecutionExceptionHandler(new FailureReporter(env, root));
        return cli.execute(args);
    }

    /** Prints one line per failure (a stack trace only with --verbose) and picks the exit code of its kind. */
    private record FailureReporter(Environment env, RootCommand root) implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
            if (root.global.verbose) {
                printTrace(ex, env.err());
            }
            if (ex instanceof AnalysisException known) {
                env.err().println("error: " + known.kind() + ": " + Redact.line(known.getMessage()));
                return known.exitCode();
            }
            env.err().println("error: internal error: " + Redact.message(String.valueOf(ex)));
            return ExitCodes.INTERNAL;
        }
    }

    /**
     * A stack trace (--verbose) with credentials masked: library exceptions in the cause chain (JGit's, the HTTP
     * client's) carry URLs as they were given.
     */
    static void printTrace(Throwable t, PrintStream err) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        err.print(Redact.secrets(trace.toString()));
        err.flush();
    }
}
