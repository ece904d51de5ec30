package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.ooni.analysis.detector.DetectJob;
import org.ooni.analysis.detector.DetectorSettings;
import org.ooni.analysis.detector.Follower;
import org.ooni.analysis.error.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code detect}: run the blocking event detector over a time range, or keep up hour by hour. */
@Command(name = "detect", description = "Detect blocking events in analysis_web_measurement (see docs/detector.md).")
final class DetectCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--from", paramLabel = "ISO-TIME",
            description = "First hour to process (default: where the stored state stopped).")
    String from;

    @Option(names = "--to", paramLabel = "ISO-TIME", description = "End, exclusive (default: start of the current hour).")
    String to;

    @Option(names = "--follow", description = "Keep running: process each hour once it has ended.")
    boolean follow;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "0",
            description = "With --follow, stop after N runs (default 0: never).")
    long iterations;

    @Option(names = "--algorithm", defaultValue = "cusum", description = "cusum (default) or ewma (legacy).")
    DetectJob.Algorithm algorithm;

    @Option(names = "--feeds-dir", paramLabel = "DIR", description = "Write the RSS feeds there (default [detector] feeds_dir).")
    Path feedsDir;

    @Override
    public Integer call() {
        Instant fromTime = TimeOption.parse("--from", from);
        Instant toTime = TimeOption.parse("--to", to);
        if (follow && toTime != null) {
            throw new UsageError("--follow keeps going hour by hour and takes no --to");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new UsageError("--from (" + fromTime + ") must be before --to (" + toTime + ")");
        }
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            DetectorSettings settings = runtime.config().section("detector", DetectorSettings.class);
            Path feeds = feedsDir != null ? feedsDir : settings.feedsDir() == null ? null : Path.of(settings.feedsDir());
            if (!follow) {
                runtime.run(new DetectJob(settings, algorithm, fromTime, toTime, feeds), false);
                return ExitCodes.OK;
            }
            Instant[] first = {fromTime};
            new Follower(root.env.clock(), Follower.Sleeper.real(), Duration.ofSeconds(settings.followSettleSeconds()))
                    .run(iterations, () -> {
                        runtime.run(new DetectJob(settings, algorithm, first[0], null, feeds), false);
                        first[0] = null;
                    });
            return ExitCodes.OK;
        }
    }
}
