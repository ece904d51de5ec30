package org.ooni.analysis.cli;

import java.io.PrintWriter;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.Redact;
import picocli.CommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
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
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(new EnumValueReporter(env, cli.getParameterExceptionHandler()));
        return cli.execute(args);
    }

    /**
     * Reports a value that is not one of an enum option's constants as the other usage errors are ("--format must
     * be text or json, not xml", exit 2); every other parse error goes to picocli's own handler.
     */
    private record EnumValueReporter(Environment env, IParameterExceptionHandler fallback)
            implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) throws Exception {
            ArgSpec spec = ex.getArgSpec();
            if (spec instanceof OptionSpec option && option.type().isEnum()
                    && ex.getCause() instanceof CommandLine.TypeConversionException) {
                List<String> names = new ArrayList<>();
                for (Object constant : option.type().getEnumConstants()) {
                    names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
                }
                String choices = names.size() == 1 ? names.get(0)
                        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
                String value = ex.getValue() == null ? "" : ex.getValue();
                env.err().println("error: usage error: " + option.longestName() + " must be " + choices + ", not "
                        + Redact.secrets(value));
                return ExitCodes.USAGE;
            }
            return fallback.handleParseException(ex, args);
        }
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
