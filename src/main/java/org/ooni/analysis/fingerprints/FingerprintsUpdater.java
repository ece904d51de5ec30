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
import org.ooni.analysis.fetch.Deadline;
import org.ooni.analysis.fetch.HttpFetcher;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Blocking-fingerprints updater.
 *
 * <p>Reads {@code fingerprints_dns.csv} and {@code fingerprints_http.csv} (upstream ooni/blocking-fingerprints,
 * fetched raw over HTTPS; {@code file:} URLs and paths for local data), validates every row strictly, loads them into
 * {@code fingerprints_dns_tmp} and {@code fingerprints_http_tmp}, and swaps both into {@code fingerprints_dns} and
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
        FingerprintSource source = new FingerprintSource(new HttpFetcher(http, log,
                Deadline.ofSeconds(settings.deadlineSeconds(), "fingerprints")), settings);

        long fetchStart = System.nanoTime();
        Map<FingerprintKind, FetchedFile> files = metrics.time("fetch_csv", () -> {
            Map<FingerprintKind, FetchedFile> fetched = new LinkedHashMap<>();
            for (FingerprintKind kind : KINDS) {
                fetched.put(kind, source.fetch(kind));
            }
            return fetched;
        });
        metrics.gauge("fingerprints_update_progress", ++step);
        String version = files.values().stream().map(FetchedFile::sha256).collect(Collectors.joining(","));
        log.info("fingerprints: fetched " + files.values().stream()
                .map(f -> f.kind().fileName() + " (" + f.bytes().length + " bytes)").collect(Collectors.joining(", "))
                + " in " + millisSince(fetchStart) + " ms");

        if (!ctx.force() && !ctx.dryRun()) {
            Optional<String> loaded = ctx.warehouse().readState(FingerprintTables.STATE_KEY);
            if (loaded.isPresent() && loaded.get().equals(version)) {
                log.info("fingerprints: both files hash as at the last load, nothing to do");
                return new JobResult(name(), Outcome.UNCHANGED, 0, version,
                        List.of("fingerprints: unchanged (sha256 " + version + ", already loaded)"));
            }
        }

        Map<FingerprintKind, Tally> tallies = new LinkedHashMap<>();
        List<RegexWarning> warnings = new ArrayList<>();
        Map<FingerprintKind, Diff> diffs = new LinkedHashMap<>();
        Warehouse wh = ctx.dryRun() ? null : ctx.warehouse();
        for (FingerprintKind kind : KINDS) {
            long start = System.nanoTime();
            FingerprintParser parser = new FingerprintParser(kind);
            Tally tally = new Tally();
            Iterator<Fingerprint> rows = parser.parse(files.get(kind).open(), kind.fileName());
            long count;
            if (wh == null) {
                count = 0;
                while (rows.hasNext()) {
                    tally.add(rows.next());
                    count++;
                }
            } else {
                TableSchema staging = FingerprintTables.staging(kind);
                wh.recreateTable(staging);
                count = wh.insertRows(staging, map(rows, tally));
            }
            tallies.put(kind, tally);
            metrics.gauge(kind.stagingTable() + "_len", count);
            SanityCheckFailed.requireBetween(kind.fileName() + " row count", count, settings.minRows(),
                    settings.maxRows());
            for (RegexWarning w : parser.warnings()) {
                log.warn("fingerprints: " + w.describe());
            }
            warnings.addAll(parser.warnings());
            metrics.gauge("fingerprints_update_progress", ++step);
            log.info("fingerprints: " + (wh == null ? "validated " : "wrote ") + count + " rows of " + kind.fileName()
                    + (wh == null ? "" : " to " + kind.stagingTable()) + ", " + parser.warnings().size()
                    + " regex warnings, in " + millisSince(start) + " ms");
        }

        if (wh != null) {
            List<SwapPair> pairs = new ArrayList<>();
            for (FingerprintKind kind : KINDS) {
                wh.createTableIfMissing(FingerprintTables.live(kind));
                List<String> columns = FingerprintTables.live(kind).columnNames();
                diffs.put(kind, new Diff(wh.countRowsMissingFrom(kind.stagingTable(), kind.liveTable(), columns),
                        wh.countRowsMissingFrom(kind.liveTable(), kind.stagingTable(), columns),
                        wh.countRows(kind.liveTable())));
                pairs.add(new SwapPair(kind.stagingTable(), kind.liveTable()));
            }
            long start = System.nanoTime();
            wh.swap(pairs);
            metrics.gauge("fingerprints_update_progress", ++step);
            log.info("fingerprints: swapped " + pairs.stream().map(p -> p.staging() + " into " + p.live())
                    .collect(Collectors.joining(" and ")) + " in one step, " + millisSince(start) + " ms");
            wh.writeState(FingerprintTables.STATE_KEY, version);
        }
        Outcome outcome = ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED;
        long total = tallies.values().stream().mapToLong(Tally::rows).sum();
        return new JobResult(name(), outcome, total, version, summary(outcome, files, tallies, diffs, warnings));
    }

    private static Iterator<Object[]> map(Iterator<Fingerprint> rows, Tally tally) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                Fingerprint f = rows.next();
                tally.add(f);
                return f.toRow();
            }
        };
    }

    private static List<String> summary(Outcome outcome, Map<FingerprintKind, FetchedFile> files,
                                        Map<FingerprintKind, Tally> tallies, Map<FingerprintKind, Diff> diffs,
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
            Diff d = diffs.get(kind);
            if (d != null) {
                lines.add("    change vs live: +" + d.added() + " added, -" + d.removed() + " removed (live had "
                        + d.liveBefore() + " rows)");
            }
        }
        lines.add("  regexp patterns Java cannot compile: " + warnings.size() + (warnings.isEmpty() ? "" : " ("
                + warnings.stream().map(RegexWarning::name).collect(Collectors.joining(", ")) + ")"));
        return lines;
    }

    private static String format(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private record Diff(long added, long removed, long liveBefore) {
    }

    /** Counts per scope, location kind and pattern type, for the summary. */
    private static final class Tally {
        private final Map<String, Long> byScope = new TreeMap<>();
        private final Map<String, Long> byLocation = new TreeMap<>();
        private final Map<String, Long> byType = new TreeMap<>();
        private long rows;

        void add(Fingerprint f) {
            rows++;
            byScope.merge(f.scope(), 1L, Long::sum);
            byLocation.merge(f.headerName() != null ? "header" : f.locationFound(), 1L, Long::sum);
            byType.merge(f.patternType().word(), 1L, Long::sum);
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
