package org.ooni.analysis.detector;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;

/**
 * Blocking event detector.
 *
 * <p>Reads {@code analysis_web_measurement} (CUSUM, the default) or {@code fastpath} (the legacy EWMA) for the
 * hours [from, to), the watch list from {@code citizenlab} (GRP, ZZ) plus {@code [detector] domains}, and the state
 * the previous run left. Writes {@code event_detector_changepoints} (rows of the range replaced, never duplicated)
 * and {@code event_detector_cusums} (or {@code event_detector_ewma}) in one swap, then the RSS feeds when a feeds
 * folder is set. Run it locally with
 * {@code bin/ooni-analysis generate measurements --from 2024-01-01T00:00:00Z --to 2024-02-01T00:00:00Z}
 * then {@code bin/ooni-analysis detect --from 2024-01-01T00:00:00Z --to 2024-02-01T00:00:00Z --feeds-dir var/feeds}.
 */
public final class DetectJob implements Job {
    static final String METRIC_PREFIX = "detector";

    /** The two detection algorithms. */
    public enum Algorithm { CUSUM, EWMA }

    private final DetectorSettings settings;
    private final Algorithm algorithm;
    private final Instant from;
    private final Instant to;
    private final Path feedsDir;

    /**
     * @param from     first hour, or null to resume from the stored state
     * @param to       end (exclusive), or null for the start of the current hour
     * @param feedsDir where to write the feeds, or null for none
     */
    public DetectJob(DetectorSettings settings, Algorithm algorithm, Instant from, Instant to, Path feedsDir) {
        this.settings = settings;
        this.algorithm = algorithm;
        this.from = from == null ? null : from.truncatedTo(ChronoUnit.HOURS);
        this.to = to == null ? null : to.truncatedTo(ChronoUnit.HOURS);
        this.feedsDir = feedsDir;
    }

    @Override
    public String name() {
        return "detect";
    }

    @Override
    public JobResult run(JobContext ctx) {
        Metrics metrics = ctx.metrics().scoped(METRIC_PREFIX);
        Instant end = to != null ? to : ctx.clock().instant().truncatedTo(ChronoUnit.HOURS);
        String input = algorithm == Algorithm.CUSUM ? DetectorTables.MEASUREMENTS.name() : DetectorTables.FASTPATH.name();
        if (!ctx.warehouse().tableExists(input)) {
            throw new SourceUnavailable(ctx.warehouse().describe() + " table " + input,
                    "does not exist (load it, or make one with 'generate measurements')");
        }
        DetectionOutcome outcome = algorithm == Algorithm.CUSUM
                ? new CusumDetection(settings, ctx, metrics).run(from, end)
                : new EwmaDetection(settings, ctx, metrics).run(from, end);
        if (outcome == null) {
            return new JobResult(name(), Outcome.SKIPPED, 0, end.toString(),
                    List.of("detect: nothing to do, already processed up to " + end));
        }
        // sent to StatsD too, where the original's detector dashboards read them
        metrics.count("processed_msmt", outcome.rows());
        metrics.count("detected_blocked", outcome.blocked());
        metrics.count("detected_cleared", outcome.cleared());
        List<String> summary = new ArrayList<>();
        summary.add("detect (" + outcome.algorithm() + "): " + (ctx.dryRun() ? "dry-run" : "updated") + " "
                + outcome.from() + " .. " + outcome.to() + (outcome.freshStart() ? " (fresh start)" : " (resumed)"));
        summary.add("  measurements read: " + outcome.rows());
        summary.add("  cells:             " + outcome.cells());
        summary.add("  changes:           " + outcome.blocked() + " blocked, " + outcome.cleared() + " cleared");
        summary.add("  states kept:       " + outcome.statesKept());
        if (feedsDir != null && !ctx.dryRun()) {
            FeedSet feeds = metrics.time("write_feeds", () -> new FeedWriter(settings, CountryNames.bundled())
                    .writeAll(feedsDir, EventBuilder.alerts(ChangepointStore.readAll(ctx.warehouse()),
                            settings.groupWindowHours())));
            ctx.log().info("detect: wrote " + feeds.files() + " feeds (" + feeds.items() + " items) to " + feedsDir);
            summary.add("  feeds:             " + feeds.files() + " files in " + feedsDir);
        }
        return new JobResult(name(), ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED,
                outcome.blocked() + outcome.cleared(), outcome.to().toString(), summary);
    }
}
