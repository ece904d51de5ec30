package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.DebugPauses;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.job.StagedLoad;
import org.ooni.analysis.job.Stopwatch;
import org.ooni.analysis.job.TableDiff;
import org.ooni.analysis.metrics.Metrics;

/**
 * CitizenLab test-list updater.
 *
 * <p>Reads the {@code lists/*.csv} files of the citizenlab/test-lists repository (shallow git clone, or a local
 * folder), validates every row, loads them into this run's staging table ({@link StagedLoad}) and swaps that with
 * {@code citizenlab} in one atomic step. Any failure before the swap leaves {@code citizenlab} as it was. Skips the whole run when the
 * remote head is the commit already loaded. Run it locally with
 * {@code bin/ooni-analysis --config examples/analysis.toml update citizenlab --stdout}.
 */
public final class CitizenLabUpdater implements Job {
    static final String METRIC_PREFIX = "citizenlab_test_lists_updater";
    private static final int TOP_COUNTRIES = 10;

    private final CitizenLabSettings settings;

    public CitizenLabUpdater(CitizenLabSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "citizenlab";
    }

    @Override
    public JobResult run(JobContext ctx) {
        Log log = ctx.log();
        Metrics metrics = ctx.metrics().scoped(METRIC_PREFIX);
        TestListSource source = new TestListSource(settings.source(),
                Duration.ofSeconds(settings.cloneTimeoutSeconds()),
                settings.cacheDir() == null ? null : Path.of(settings.cacheDir()));
        boolean skipIfUnchanged = !ctx.force() && !ctx.dryRun();

        Stopwatch fetchClock = Stopwatch.start();
        // The head is needed to skip an unchanged source and to bring a mirror up to it; a forced run without a
        // mirror clones whatever HEAD is, and saves the extra round trip.
        boolean needHead = !source.isPlainFolder() && (skipIfUnchanged || settings.cacheDir() != null);
        String head = needHead ? source.remoteHead() : null;
        if (skipIfUnchanged && head != null && isLoaded(ctx, head)) {
            return unchanged(log, source, head);
        }
        try (TestListTree checkout = metrics.time("fetch_citizen_lab_lists", () -> source.fetch(head))) {
            if (skipIfUnchanged && head == null && isLoaded(ctx, checkout.version())) {
                return unchanged(log, source, checkout.version());
            }
            log.info("citizenlab: fetched " + source.location() + " at " + checkout.version() + " in "
                    + fetchClock.millis() + " ms");
            List<ListFile> files = ListFiles.select(checkout, log);
            Optional<Set<String>> legend = CategoryLegend.read(checkout);
            if (legend.isEmpty()) {
                log.warn("citizenlab: no lists/" + CategoryLegend.FILE_NAME + ", category codes are not checked");
            }
            TestListParser parser = new TestListParser(legend, settings.strict(),
                    r -> log.info("skipping " + r.file() + ":" + r.line() + ": " + r.reason().description()));
            LoadTally tally = new LoadTally();
            Iterator<TestListEntry> entries = new Concatenation(checkout, files, parser, tally);

            Stopwatch loadClock = Stopwatch.start();
            TableDiff diff;
            if (ctx.dryRun()) {
                while (entries.hasNext()) {
                    entries.next();
                }
                checkBounds(tally.rows());
                diff = null;
            } else {
                diff = metrics.time("update_citizenlab_table", () -> load(ctx, entries, log));
                ctx.warehouse().writeState(CitizenLabTable.STATE_KEY, checkout.version());
            }
            metrics.gauge("citizenlab_test_list_len", tally.rows());
            log.info("citizenlab: " + (ctx.dryRun() ? "validated " : "loaded ") + tally.rows() + " rows from "
                    + files.size() + " files, rejected " + parser.rejectedTotal() + ", in " + loadClock.millis() + " ms");
            Outcome outcome = ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED;
            return new JobResult(name(), outcome, tally.rows(), checkout.version(),
                    summary(outcome, source, checkout.version(), tally, parser, diff));
        }
    }

    private static boolean isLoaded(JobContext ctx, String version) {
        return ctx.warehouse().readState(CitizenLabTable.STATE_KEY).map(version::equals).orElse(false);
    }

    private JobResult unchanged(Log log, TestListSource source, String version) {
        log.info("citizenlab: source " + source.location() + " still at " + version + ", nothing to do");
        return new JobResult(name(), Outcome.UNCHANGED, 0, version,
                List.of("citizenlab: unchanged (source at " + version + ", already loaded)"));
    }

    /** New rows into this run's staging table, bounds, diff, then the swap; the live table changes only at the swap. */
    private TableDiff load(JobContext ctx, Iterator<TestListEntry> entries, Log log) {
        Stopwatch clock = Stopwatch.start();
        StagedLoad load = new StagedLoad(ctx, name());
        long written = load.load(CitizenLabTable.LIVE, entries, TestListEntry::toRow);
        log.info("citizenlab: wrote " + written + " rows to " + load.stagingOf(CitizenLabTable.LIVE) + " ("
                + clock.millis() + " ms into the load)");
        checkBounds(written);
        TableDiff diff = load.diff(CitizenLabTable.LIVE);
        log.debug("citizenlab: diff against the live table done " + clock.millis() + " ms into the load");
        DebugPauses.pause(log, name(), "before the swap", settings.debugPauseBeforeSwapSeconds());
        load.swap();
        log.info("citizenlab: swapped " + load.stagingOf(CitizenLabTable.LIVE) + " into " + CitizenLabTable.LIVE.name());
        return diff;
    }

    private void checkBounds(long rows) {
        SanityCheckFailed.requireBetween("citizenlab row count", rows, settings.minRows(), settings.maxRows());
    }

    private static List<String> summary(Outcome outcome, TestListSource source, String version, LoadTally tally,
                                        TestListParser parser, TableDiff diff) {
        List<String> lines = new ArrayList<>();
        lines.add("citizenlab: " + outcome.word() + " from " + org.ooni.analysis.error.Redact.url(source.location())
                + " at " + version);
        lines.add("  rows loaded:       " + tally.rows() + (outcome == Outcome.DRY_RUN ? " (dry run, not written)" : ""));
        Map<RejectReason, Long> rejects = parser.rejectCounts();
        String perReason = rejects.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().description() + ": " + e.getValue()).collect(Collectors.joining(", "));
        lines.add("  rows rejected:     " + parser.rejectedTotal() + (perReason.isEmpty() ? "" : " (" + perReason + ")"));
        lines.add("  distinct domains:  " + tally.distinctDomains());
        lines.add("  rows per cc:       " + tally.topCountries(TOP_COUNTRIES).stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + " (top " + Math.min(TOP_COUNTRIES, tally.countries()) + " of " + tally.countries() + " codes)");
        if (diff != null) {
            lines.add("  change vs live:    " + diff.describe());
        }
        return lines;
    }

    /** The rows of all list files, one after the other, each file opened only when reached. */
    private static final class Concatenation implements Iterator<TestListEntry> {
        private final TestListTree tree;
        private final Iterator<ListFile> files;
        private final TestListParser parser;
        private final LoadTally tally;
        private Iterator<TestListEntry> current = java.util.Collections.emptyIterator();
        private InputStream open;

        Concatenation(TestListTree tree, List<ListFile> files, TestListParser parser, LoadTally tally) {
            this.tree = tree;
            this.files = files.iterator();
            this.parser = parser;
            this.tally = tally;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                closeOpen();
                if (!files.hasNext()) {
                    return false;
                }
                ListFile f = files.next();
                try {
                    open = tree.open(f.name());
                } catch (IOException e) {
                    throw new SourceUnavailable("lists/" + f.name(), "cannot read: " + e.getMessage(), e);
                }
                current = parser.parse(open, "lists/" + f.name(), f.cc());
            }
            return true;
        }

        @Override
        public TestListEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            TestListEntry e = current.next();
            tally.add(e);
            return e;
        }

        private void closeOpen() {
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                open = null;
            }
        }
    }
}
