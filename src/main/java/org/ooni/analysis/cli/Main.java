package org.ooni.analysis.cli;

import java.io.PrintWriter;
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
                ex.printStackTrace(env.err());
            }
            if (ex instanceof AnalysisException known) {
                env.err().println("error: " + known.kind() + ": " + known.getMessage());
                return known.exitCode();
            }
            env.err().println("error: internal error: " + Redact.secrets(String.valueOf(ex)));
            return ExitCodes.INTERNAL;
        }
    }
}
