package org.ooni.analysis.asnmeta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.error.Redact;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.fetch.HttpFetcher;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.job.StagedLoad;
import org.ooni.analysis.job.Stopwatch;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * ASN metadata updater.
 *
 * <p>Reads {@code all_as_org_map.json} (default from archive.org; any {@code http(s)://} or {@code file:} URL or a
 * plain path), a JSON object mapping each ASN to its history of {@code [org_name, cc, changed, aut_name, source]}
 * entries. The body is parsed as a stream (on a second thread, so parsing overlaps with inserting) and inserted
 * in batches into this run's staging table ({@link StagedLoad}) while its SHA-256 is computed, so memory does not grow with the file. After the row-count bounds, the staging table is swapped
 * into {@code asnmeta} in one atomic step; any failure before the swap leaves {@code asnmeta} as it was. When the
 * SHA-256 equals that of the file behind the live table (and {@code --force} is not given) the staging copy is
 * dropped and the run reports "unchanged". Run it locally with
 * {@code bin/ooni-analysis --config examples/analysis.toml update asnmeta --stdout}.
 */
public final class AsnMetaUpdater implements Job {
    static final String METRIC_PREFIX = "asnmeta_updater";

    private final AsnMetaSettings settings;
    private final HttpSettings http;

    public AsnMetaUpdater(AsnMetaSettings settings, HttpSettings http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String name() {
        return "asnmeta";
    }

    @Override
    public JobResult run(JobContext ctx) {
        Metrics metrics = ctx.metrics().scoped(METRIC_PREFIX);
        Progress progress = new Progress(metrics, ctx.log());
        String shown = Redact.url(settings.source());
        HttpFetcher fetcher = new HttpFetcher(http, ctx.log());

        StagedLoad load = ctx.dryRun() ? null : new StagedLoad(ctx, name());
        progress.step("fetching " + shown + (load == null ? " (dry run: validate only)" : " into "
                + load.stagingOf(AsnMetaTable.LIVE)));
        Stopwatch clock = Stopwatch.start();
        Read read = metrics.time("fetch_data", () -> fetcher.fetch(settings.source(), body -> read(load, body, shown)));
        AsOrgMapTally tally = read.tally();
        // the original counts "asnmeta_tmp recreated" and "JSON data fetched" apart; here both happen in the read
        progress.silentStep();
        progress.silentStep();
        progress.step("read " + tally.rows() + " rows for " + tally.asns() + " ASNs, sha256 " + read.sha256()
                + ", in " + clock.millis() + " ms");

        long staged = load == null ? tally.rows() : ctx.warehouse().countRows(load.stagingOf(AsnMetaTable.LIVE));
        metrics.gauge("asnmeta_tmp_len", staged);
        if (staged != tally.rows()) {
            throw new StoreError(load.stagingOf(AsnMetaTable.LIVE) + " holds " + staged + " rows after "
                    + tally.rows() + " were inserted");
        }
        SanityCheckFailed.requireBetween("asnmeta row count", tally.rows(), settings.minRows(), settings.maxRows());
        if (ctx.dryRun()) {
            return new JobResult(name(), Outcome.DRY_RUN, tally.rows(), read.sha256(),
                    summary(Outcome.DRY_RUN, shown, read, -1));
        }

        Warehouse wh = ctx.warehouse();
        String staging = load.stagingOf(AsnMetaTable.LIVE);
        if (!ctx.force() && alreadyLoaded(wh, read.sha256())) {
            load.discard();
            progress.step("unchanged since the last load, dropped " + staging);
            return new JobResult(name(), Outcome.UNCHANGED, 0, read.sha256(), List.of("asnmeta: unchanged (sha256 "
                    + read.sha256() + " of " + shown + " is already loaded; --force reloads it)"));
        }
        wh.createTableIfMissing(AsnMetaTable.LIVE);
        long liveBefore = wh.countRows(AsnMetaTable.LIVE.name());
        load.swap();
        wh.writeState(AsnMetaTable.STATE_KEY, read.sha256());
        progress.step("swapped " + staging + " into " + AsnMetaTable.LIVE.name() + " ("
                + liveBefore + " rows before, " + tally.rows() + " now)");
        return new JobResult(name(), Outcome.UPDATED, tally.rows(), read.sha256(),
                summary(Outcome.UPDATED, shown, read, liveBefore));
    }

    /**
     * Parses the body and, unless this is a dry run, inserts it into a fresh staging table, hashing every byte.
     * Called again from scratch when the fetcher retries, hence the fresh table, digest and tally each time.
     */
    private static Read read(StagedLoad load, InputStream body, String shown) throws IOException {
        MessageDigest sha256 = sha256();
        DigestInputStream hashing = new DigestInputStream(body, sha256);
        AsOrgMapTally tally = new AsOrgMapTally();
        try (AsOrgMapParser parser = new AsOrgMapParser(hashing, shown, tally)) {
            if (load == null) {
                while (parser.hasNext()) {
                    parser.next();
                }
            } else {
                try (PipelinedRows rows = new PipelinedRows(parser)) {
                    load.load(AsnMetaTable.LIVE, rows, row -> row);
                }
            }
            // A valid document has been read to its end; this hashes nothing unless the parser stopped early.
            hashing.transferTo(OutputStream.nullOutputStream());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Read(tally, HexFormat.of().formatHex(sha256.digest()));
    }

    /** The file behind the live table has this hash, and the live table is still there. */
    private static boolean alreadyLoaded(Warehouse wh, String sha256) {
        Optional<String> loaded = wh.readState(AsnMetaTable.STATE_KEY);
        return loaded.isPresent() && loaded.get().equals(sha256) && wh.tableExists(AsnMetaTable.LIVE.name());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static List<String> summary(Outcome outcome, String shown, Read read, long liveBefore) {
        AsOrgMapTally t = read.tally();
        List<String> lines = new ArrayList<>();
        lines.add("asnmeta: " + outcome.word() + " from " + shown + " (sha256 " + read.sha256() + ")");
        lines.add("  rows loaded:    " + t.rows() + (outcome == Outcome.DRY_RUN ? " (dry run, not written)" : ""));
        lines.add("  ASNs:           " + t.asns() + " (" + t.asnsWithHistory() + " with more than one entry)");
        if (t.earliest() != null) {
            lines.add("  changed dates:  " + t.earliest() + " .. " + t.latest());
        }
        if (liveBefore >= 0) {
            lines.add("  live table:     had " + liveBefore + " rows, now " + t.rows());
        }
        return lines;
    }

    /** What one complete read of the source gave: the counts and the SHA-256 of its bytes. */
    private record Read(AsOrgMapTally tally, String sha256) {
    }
}
