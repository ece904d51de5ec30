package org.ooni.analysis.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.fetch.HttpFetcher;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;

/**
 * GeoIP database downloader.
 *
 * <p>Reads this UTC month's db-ip lite databases ({@code dbip-asn-lite-YYYY-MM.mmdb.gz},
 * {@code dbip-country-lite-YYYY-MM.mmdb.gz}; any URL templates with {@code {YYYY-MM}}), streams them through gzip
 * into temporary files in the target folder, validates both with MaxMind's reader, and installs them as
 * {@code asn.mmdb} and {@code cc.mmdb} with the stamp {@code geoipdbts} (both or neither; see
 * {@link PairInstaller}). The previous pair stays as {@code *.prev} for {@code --rollback}. Skips the run when the
 * stamp is already this month or a file is not published yet (404). Run it locally with
 * {@code bin/ooni-analysis update geoip --dir /tmp/geoip --stdout}.
 */
public final class GeoIpUpdater implements Job {
    static final String METRIC_PREFIX = "ooni_download_geoip";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");
    private static final List<DbKind> KINDS = List.of(DbKind.ASN, DbKind.COUNTRY);

    /** What a run does. */
    public enum Mode {
        /** Download and install this month's pair ({@code update geoip}). */
        UPDATE,
        /** Swap the kept previous pair back in ({@code update geoip --rollback}). */
        ROLLBACK,
        /** {@link #UPDATE} when {@code [geoip] enabled = true}, else skip ({@code update all}). */
        UPDATE_IF_ENABLED
    }

    private final GeoIpSettings settings;
    private final HttpSettings http;
    private final Mode mode;

    public GeoIpUpdater(GeoIpSettings settings, HttpSettings http, Mode mode) {
        this.settings = settings;
        this.http = new HttpSettings(http.connectTimeoutSeconds(), http.readTimeoutSeconds(), http.attempts(),
                http.backoffMillis(), settings.maxDownloadBytes(), settings.userAgent());
        this.mode = mode;
    }

    @Override
    public String name() {
        return "geoip";
    }

    @Override
    public boolean usesStore() {
        return false;
    }

    @Override
    public JobResult run(JobContext ctx) {
        Path dir = Path.of(settings.dir());
        if (mode == Mode.UPDATE_IF_ENABLED && !settings.enabled()) {
            ctx.log().info("geoip: not enabled in [geoip], skipped");
            return result(Outcome.SKIPPED, "", "geoip: skipped (set enabled = true in [geoip] to run it from update all)");
        }
        String month = YearMonth.now(ctx.clock().withZone(ZoneOffset.UTC)).format(MONTH);
        MmdbValidator validator = new MmdbValidator(probes(), ctx.clock());
        if (ctx.dryRun()) {
            return dryRun(ctx, dir, month, validator);
        }
        createDir(dir);
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            PairInstaller installer = new PairInstaller(dir, ctx.log(), settings.debugPauseDuringInstallSeconds());
            boolean resumed = installer.resumeInterrupted().isPresent();
            installer.sweep();
            if (mode == Mode.ROLLBACK) {
                return rollback(ctx, dir, installer, validator);
            }
            String stamp = installer.stamp().orElse("(none)");
            if (!ctx.force() && stamp.equals(month)) {
                ctx.log().info("geoip: " + dir.resolve(PairInstaller.STAMP) + " is " + month + ", nothing to do");
                return resumed
                        ? result(Outcome.UPDATED, month, "geoip: completed the interrupted install of " + month
                                + " in " + dir)
                        : result(Outcome.UNCHANGED, month, "geoip: already up to date (" + month + " in " + dir + ")");
            }
            List<Path> downloads = KINDS.stream().map(installer::download).toList();
            try {
                List<ValidatedDb> valid = fetchAndValidate(ctx, month, downloads, validator);
                if (valid.isEmpty()) {
                    return notPublished(month, stamp);
                }
                for (DbKind kind : KINDS) {
                    move(installer.download(kind), installer.staged(kind));
                }
                installer.install(month);
                metrics(ctx).increment("ooni_geoip_updated");
                List<String> lines = new ArrayList<>();
                lines.add("geoip: updated from " + stamp + " to " + month + " in " + dir);
                valid.forEach(v -> lines.add("  " + v.describe()));
                if (installer.previousStamp().isPresent()) {
                    lines.add("  previous pair kept as asn.mmdb.prev, cc.mmdb.prev (" + stamp + ")");
                }
                return result(Outcome.UPDATED, month, lines.toArray(String[]::new));
            } finally {
                deleteAll(downloads, ctx.log());
            }
        }
    }

    /**
     * Downloads and validates the ASN file, then the country file, into {@code targets}; empty when either is not
     * published yet. A failed check counts in {@code ooni_geoip_checkfail}.
     */
    private List<ValidatedDb> fetchAndValidate(JobContext ctx, String month, List<Path> targets,
                                               MmdbValidator validator) {
        Log log = ctx.log();
        Metrics metrics = metrics(ctx);
        GzipDownload download = new GzipDownload(new HttpFetcher(http, log), settings.maxDecompressedBytes());
        List<ValidatedDb> valid = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            DbKind kind = KINDS.get(i);
            Path target = targets.get(i);
            // one download_geoip timer per file (download, decompress, check), as the original sends it
            Optional<ValidatedDb> v = metrics.time("download_geoip", () -> fetchOne(ctx, kind, month, target,
                    download, validator));
            if (v.isEmpty()) {
                return List.of();
            }
            valid.add(v.get());
        }
        return valid;
    }

    /** One file: downloaded, decompressed and checked; empty when it is not published yet. */
    private Optional<ValidatedDb> fetchOne(JobContext ctx, DbKind kind, String month, Path target,
                                           GzipDownload download, MmdbValidator validator) {
        Log log = ctx.log();
        Metrics metrics = metrics(ctx);
        String url = url(kind, month);
        long start = System.nanoTime();
        try {
            OptionalLong size = download.fetchTo(kind, url, target);
            if (size.isEmpty()) {
                log.info("geoip: " + url + " is not published yet (HTTP 404)");
                return Optional.empty();
            }
            log.info("geoip: downloaded " + url + ", " + size.getAsLong() + " bytes decompressed, in "
                    + millisSince(start) + " ms");
            long checkStart = System.nanoTime();
            ValidatedDb v = validator.validate(kind, target, url);
            log.info("geoip: validated " + v.describe() + " in " + millisSince(checkStart) + " ms");
            metrics.gauge("geoip_" + kind.label() + "_node_cnt", v.nodeCount());
            metrics.gauge("geoip_" + kind.label() + "_epoch", v.buildTime().getEpochSecond());
            return Optional.of(v);
        } catch (InvalidInput e) {
            metrics.increment("ooni_geoip_checkfail");
            throw e;
        }
    }

    private JobResult rollback(JobContext ctx, Path dir, PairInstaller installer, MmdbValidator validator) {
        String current = installer.stamp().orElse("(none)");
        String previous = installer.previousStamp().orElseThrow(() -> new StoreError("no previous pair to roll back to in "
                + dir + " (" + PairInstaller.PREVIOUS_STAMP + " is missing)"));
        for (DbKind kind : KINDS) {
            if (!Files.isRegularFile(installer.previous(kind))) {
                throw new StoreError("no previous pair to roll back to in " + dir + " (" + installer.previous(kind)
                        + " is missing)");
            }
            ValidatedDb v = validator.validate(kind, installer.previous(kind), installer.previous(kind).toString());
            ctx.log().info("geoip: validated " + installer.previous(kind) + ": " + v.describe());
        }
        installer.stagePrevious();
        installer.install(previous);
        return result(Outcome.UPDATED, previous, "geoip: rolled back from " + current + " to " + previous + " in " + dir,
                "  the replaced pair is now asn.mmdb.prev, cc.mmdb.prev (" + current + ")");
    }

    /** Validates into a private temporary folder; the target folder is neither locked nor written. */
    private JobResult dryRun(JobContext ctx, Path dir, String month, MmdbValidator validator) {
        PairInstaller live = new PairInstaller(dir, ctx.log(), 0);
        if (mode == Mode.ROLLBACK) {
            String previous = live.previousStamp().orElse("(none)");
            for (DbKind kind : KINDS) {
                validator.validate(kind, live.previous(kind), live.previous(kind).toString());
            }
            return result(Outcome.DRY_RUN, previous, "geoip: dry run, would roll back to " + previous + " in " + dir);
        }
        String stamp = Files.isDirectory(dir) ? live.stamp().orElse("(none)") : "(none)";
        if (!ctx.force() && stamp.equals(month)) {
            return result(Outcome.UNCHANGED, month, "geoip: already up to date (" + month + " in " + dir + ")");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("ooni-geoip-dry-run");
        } catch (IOException e) {
            throw new StoreError("cannot create a temporary folder: " + e, e);
        }
        List<Path> downloads = KINDS.stream().map(k -> scratch.resolve(k.fileName())).toList();
        try {
            List<ValidatedDb> valid = fetchAndValidate(ctx, month, downloads, validator);
            if (valid.isEmpty()) {
                return notPublished(month, stamp);
            }
            List<String> lines = new ArrayList<>();
            lines.add("geoip: dry run, " + month + " validated, would replace " + stamp + " in " + dir);
            valid.forEach(v -> lines.add("  " + v.describe()));
            return result(Outcome.DRY_RUN, month, lines.toArray(String[]::new));
        } finally {
            deleteAll(downloads, ctx.log());
            deleteAll(List.of(scratch), ctx.log());
        }
    }

    private JobResult notPublished(String month, String stamp) {
        return result(Outcome.SKIPPED, month, "geoip: not published yet (" + month + "); keeping " + stamp);
    }

    String url(DbKind kind, String month) {
        String template = kind == DbKind.ASN ? settings.asnUrl() : settings.ccUrl();
        return template.replace(GeoIpSettings.MONTH_PLACEHOLDER, month);
    }

    private List<InetAddress> probes() {
        List<InetAddress> out = new ArrayList<>();
        for (String p : settings.probeAddresses()) {
            out.add(IpLiteral.parse(p).orElseThrow(() -> new InvalidInput("[geoip] probe_addresses", 0, 0,
                    "not an IP address: '" + p + "'")));
        }
        return out;
    }

    private static Metrics metrics(JobContext ctx) {
        return ctx.metrics().scoped(METRIC_PREFIX);
    }

    private static void createDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreError("cannot create the target folder " + dir + ": " + e, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreError("cannot stage " + from + ": " + e, e);
        }
    }

    /** Best effort, so that it never hides the failure that got us here; the next run's sweep retries. */
    private static void deleteAll(List<Path> paths, Log log) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("geoip: cannot remove the temporary file " + p + ": " + e);
            }
        }
    }

    private JobResult result(Outcome outcome, String month, String... lines) {
        return new JobResult(name(), outcome, 0, month, List.of(lines));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
