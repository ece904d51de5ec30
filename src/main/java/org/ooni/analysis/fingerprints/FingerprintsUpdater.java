package org.ooni.analysis.fingerprints;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.error.Redact;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.fetch.HttpFetcher;
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
 * Blocking-fingerprints updater.
 *
 * <p>Reads {@code fingerprints_dns.csv} and {@code fingerprints_http.csv} (upstream ooni/blocking-fingerprints,
 * fetched raw over HTTPS; {@code file:} URLs and paths for local data), validates every row strictly, loads them into
 * this run's staging tables ({@link StagedLoad}), and swaps both into {@code fingerprints_dns} and
 * {@code fingerprints_http} in one step, so a reader never sees a new DNS table beside an old HTTP table. Any failure
 * before or inside the swap leaves both live tables as they were. Skips the load when both files hash as last time.
 * Run it locally with {@code bin/ooni-analysis --config examples/analysis.toml update fingerprints --stdout}.
 */
public final class FingerprintsUpdater implements Job {
    static final String METRIC_PREFIX = "fingerprints_updater";
    private static final List<FingerprintKind> KINDS = List.of(FingerprintKind.DNS, FingerprintKind.HTTP);

    private final FingerprintsSettings settings;
    private final HttpSettings http;

    public FingerprintsUpdater(FingerprintsSettings settings, HttpSettings http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String name() {
        return "fingerprints";
    }

    @Override
    public JobResult run(JobContext ctx) {
        Log log = ctx.log();
        Metrics metrics = ctx.metrics().scoped(METRIC_PREFIX);
        int step = 0;
        metrics.gauge("fingerprints_update_progress", step);
        FingerprintSource source = new FingerprintSource(new HttpFetcher(http, log), settings);

        Stopwatch fetchClock = Stopwatch.start();
        // one fetch_csv timer per file, as the original sends it
        Map<FingerprintKind, FetchedFile> files = new LinkedHashMap<>();
        for (FingerprintKind kind : KINDS) {
            files.put(kind, metrics.time("fetch_csv", () -> source.fetch(kind)));
        }
        String version = files.values().stream().map(FetchedFile::sha256).collect(Collectors.joining(","));
        log.info("fingerprints: fetched " + files.values().stream()
                .map(f -> f.kind().fileName() + " (" + f.bytes().length + " bytes)").collect(Collectors.joining(", "))
                + " in " + fetchClock.millis() + " ms");

        if (!ctx.force() && !ctx.dryRun()) {
            Optional<String> loaded = ctx.warehouse().readState(FingerprintTables.STATE_KEY);
            if (loaded.isPresent() && loaded.get().equals(version)) {
                log.info("fingerprints: both files hash as at the last load, nothing to do");
                // a run that ends well ends at the original's last step (8), whether or not it swapped
                metrics.gauge("fingerprints_update_progress", 8);
                return new JobResult(name(), Outcome.UNCHANGED, 0, version,
                        List.of("fingerprints: unchanged (sha256 " + version + ", already loaded)"));
            }
        }

        Map<FingerprintKind, Tally> tallies = new LinkedHashMap<>();
        List<RegexWarning> warnings = new ArrayList<>();
        Map<FingerprintKind, TableDiff> diffs = new LinkedHashMap<>();
        StagedLoad load = ctx.dryRun() ? null : new StagedLoad(ctx, name());
        for (FingerprintKind kind : KINDS) {
            Stopwatch clock = Stopwatch.start();
            FingerprintParser parser = new FingerprintParser(kind);
            Tally tally = new Tally();
            Iterator<Fingerprint> rows = parser.parse(files.get(kind).open(), kind.fileName());
            // the original's steps per file: its _tmp table recreated, the CSV fetched (here already), then filled
            metrics.gauge("fingerprints_update_progress", ++step);
            metrics.gauge("fingerprints_update_progress", ++step);
            long count = load == null ? tally.validate(rows)
                    : load.load(FingerprintTables.live(kind), rows, f -> tally.add(f).toRow());
            tallies.put(kind, tally);
            metrics.gauge(kind.liveTable() + "_tmp_len", count); // the original's gauge name
            SanityCheckFailed.requireBetween(kind.fileName() + " row count", count, settings.minRows(),
                    settings.maxRows());
            for (RegexWarning w : parser.warnings()) {
                log.warn("fingerprints: " + w.describe());
            }
            warnings.addAll(parser.warnings());
            metrics.gauge("fingerprints_update_progress", ++step);
            log.info("fingerprints: " + (load == null ? "validated " : "wrote ") + count + " rows of "
                    + kind.fileName() + (load == null ? "" : " to " + load.stagingOf(FingerprintTables.live(kind)))
                    + ", " + parser.warnings().size() + " regex warnings, in " + clock.millis() + " ms");
        }

        if (load != null) {
            for (FingerprintKind kind : KINDS) {
                diffs.put(kind, load.diff(FingerprintTables.live(kind)));
            }
            Stopwatch clock = Stopwatch.start();
            // both tables in one swap: a reader never sees a new DNS table beside an old (or empty) HTTP table
            load.swap();
            // the original swaps one pair at a time, a step each; here both pairs swap in one step
            metrics.gauge("fingerprints_update_progress", ++step);
            metrics.gauge("fingerprints_update_progress", ++step);
            log.info("fingerprints: swapped " + KINDS.stream().map(k -> load.stagingOf(FingerprintTables.live(k))
                    + " into " + k.liveTable()).collect(Collectors.joining(" and ")) + " in one step, "
                    + clock.millis() + " ms");
            ctx.warehouse().writeState(FingerprintTables.STATE_KEY, version);
        }
        Outcome outcome = ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED;
        long total = tallies.values().stream().mapToLong(Tally::rows).sum();
        return new JobResult(name(), outcome, total, version, summary(outcome, files, tallies, diffs, warnings));
    }

    private static List<String> summary(Outcome outcome, Map<FingerprintKind, FetchedFile> files,
                                        Map<FingerprintKind, Tally> tallies, Map<FingerprintKind, TableDiff> diffs,
                                        List<RegexWarning> warnings) {
        List<String> lines = new ArrayList<>();
        lines.add("fingerprints: " + outcome.word());
        for (FingerprintKind kind : KINDS) {
            FetchedFile f = files.get(kind);
            Tally t = tallies.get(kind);
            lines.add("  " + kind.fileName() + ": " + t.rows() + " rows"
                    + (outcome == Outcome.DRY_RUN ? " (dry run, not written)" : " -> " + kind.liveTable())
                    + " from " + Redact.url(f.url()) + " (sha256 " + f.sha256() + ")");
            lines.add("    by scope: " + format(t.byScope()) + "; by location: " + format(t.byLocation())
                    + "; by type: " + format(t.byType()));
            TableDiff d = diffs.get(kind);
            if (d != null) {
                lines.add("    change vs live: " + d.describe());
            }
        }
        lines.add(warningLine("regexp patterns no engine compiles (the matcher skips them)", warnings,
                RegexWarning.Kind.INVALID));
        lines.add(warningLine("regexp patterns that need backtracking (matched under a step budget)", warnings,
                RegexWarning.Kind.BOUNDED));
        return lines;
    }

    private static String warningLine(String what, List<RegexWarning> warnings, RegexWarning.Kind kind) {
        List<String> names = warnings.stream().filter(w -> w.kind() == kind).map(RegexWarning::name).toList();
        return "  " + what + ": " + names.size() + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
    }

    private static String format(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Counts per scope, location kind and pattern type, for the summary. */
    private static final class Tally {
        private final Map<String, Long> byScope = new TreeMap<>();
        private final Map<String, Long> byLocation = new TreeMap<>();
        private final Map<String, Long> byType = new TreeMap<>();
        private long rows;

        /** Counts {@code f} and gives it back, so the count happens as the store pulls the row. */
        Fingerprint add(Fingerprint f) {
            rows++;
            byScope.merge(f.scope(), 1L, Long::sum);
            byLocation.merge(f.headerName() != null ? "header" : f.locationFound(), 1L, Long::sum);
            byType.merge(f.patternType().word(), 1L, Long::sum);
            return f;
        }

        /** Counts every row without storing any (a dry run); returns how many there were. */
        long validate(Iterator<Fingerprint> all) {
            while (all.hasNext()) {
                add(all.next());
            }
            return rows;
        }

        long rows() {
            return rows;
        }

        Map<String, Long> byScope() {
            return byScope;
        }

        Map<String, Long> byLocation() {
            return byLocation;
        }

        Map<String, Long> byType() {
            return byType;
        }
    }
}
