package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.detector.GenerateMeasurementsJob;
import org.ooni.analysis.detector.GeneratorSpec;
import org.ooni.analysis.error.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code generate measurements}: synthetic analysis_web_measurement rows with injected blocking episodes. */
@Command(name = "measurements",
        description = "Write synthetic analysis_web_measurement rows with injected blocking episodes.")
final class GenerateMeasurementsCommand implements Callable<Integer> {
    @ParentCommand
    GenerateCommand parent;

    @Option(names = "--from", paramLabel = "ISO-TIME", description = "Start (default: 30 days before --to).")
    String from;

    @Option(names = "--to", paramLabel = "ISO-TIME", description = "End, exclusive (default: start of the current hour).")
    String to;

    @Option(names = "--countries", split = ",", description = "Country codes (default UG,IR,RU,TR,MM).")
    List<String> countries;

    @Option(names = "--asns-per-country", defaultValue = "3", description = "Networks per country (default 3).")
    int asnsPerCountry;

    @Option(names = "--domains", split = ",", description = "Domains (default twitter.com and four other platforms).")
    List<String> domains;

    @Option(names = "--rate", defaultValue = "8", description = "Mean measurements per series and hour (default 8).")
    double rate;

    @Option(names = "--noise", defaultValue = "0.02", description = "Share of rows with a spurious blocked score (default 0.02).")
    double noise;

    @Option(names = "--missing-hours", defaultValue = "0.03", description = "Share of hours without rows (default 0.03).")
    double missingHours;

    @Option(names = "--episodes", defaultValue = "10", description = "Blocking episodes to inject (default 10).")
    int episodes;

    @Option(names = "--national-share", defaultValue = "0.3",
            description = "Share of episodes hitting every network of a country at once (default 0.3).")
    double nationalShare;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default 1).")
    long seed;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the injected episodes there as CSV.")
    Path truth;

    @Option(names = "--replace", description = "Empty the table first instead of appending.")
    boolean replace;

    @Option(names = "--fastpath", description = "Also write fastpath rows (input of --algorithm ewma).")
    boolean fastpath;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        Instant end = TimeOption.parse("--to", to);
        if (end == null) {
            end = root.env.clock().instant().truncatedTo(ChronoUnit.HOURS);
        }
        Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : TimeOption.parse("--from", from);
        if (!start.isBefore(end)) {
            throw new UsageError("--from (" + start + ") must be before --to (" + end + ")");
        }
        if (rate <= 0 || asnsPerCountry < 1 || episodes < 0 || noise < 0 || noise > 1 || missingHours < 0
                || missingHours >= 1 || nationalShare < 0 || nationalShare > 1) {
            throw new UsageError("--rate and --asns-per-country must be positive, --episodes >= 0, and --noise,"
                    + " --missing-hours, --national-share shares in [0, 1)");
        }
        GeneratorSpec spec = new GeneratorSpec(start, end,
                countries == null ? GeneratorSpec.DEFAULT_COUNTRIES : countries.stream().map(String::toUpperCase).toList(),
                asnsPerCountry, domains == null ? GeneratorSpec.DEFAULT_DOMAINS : domains, rate, noise, missingHours,
                episodes, nationalShare, seed);
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            runtime.run(new GenerateMeasurementsJob(spec, truth, replace, fastpath), false);
            return ExitCodes.OK;
        }
    }
}
