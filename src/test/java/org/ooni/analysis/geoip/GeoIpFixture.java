package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ooni.analysis.cli.Environment;
import org.ooni.analysis.cli.Main;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;

/**
 * One test's world: a target folder, a config file pointing the job at the in-process server with fast retries and
 * a 1 s read timeout, and two ways to run the job: directly (to see the exception and the metrics) and through
 * {@link Main#run} (to see the exit code and the output).
 */
final class GeoIpFixture {
    static final String ASN = "dbip-asn-lite";
    static final String CC = "dbip-country-lite";

    final Path root;
    final Path dir;
    final GeoIpTestServer server;
    final Metrics metrics = Metrics.inMemory();
    private String extraGeoip = "";

    GeoIpFixture(Path root, GeoIpTestServer server) {
        this.root = root;
        this.dir = root.resolve("geoip");
        this.server = server;
    }

    /** Adds lines to the [geoip] section of the config (e.g. a lower decompressed cap). */
    GeoIpFixture geoipKeys(String lines) {
        extraGeoip = lines;
        return this;
    }

    Path config() {
        Path file = root.resolve("analysis.toml");
        String toml = """
                [statsd]
                enabled = false
                [store]
                db = "duckdb:%s"
                [http]
                attempts = 2
                backoff_millis = 10
                connect_timeout_seconds = 2
                read_timeout_seconds = 1
                [geoip]
                dir = "%s"
                asn_url = "%s"
                cc_url = "%s"
                %s
                """.formatted(root.resolve("analysis.duckdb"), dir, server.template(ASN), server.template(CC),
                extraGeoip);
        try {
            Files.writeString(file, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    JobResult runDirect(Clock clock, GeoIpUpdater.Mode mode, boolean dryRun, boolean force) {
        AnalysisConfig config = AnalysisConfig.load(config());
        GeoIpUpdater job = new GeoIpUpdater(config.section("geoip", GeoIpSettings.class),
                config.section("http", HttpSettings.class), mode);
        JobContext ctx = new JobContext(() -> {
            throw new AssertionError("the geoip job must not open the store");
        }, metrics, Log.silent(), clock, config, dryRun, force);
        return job.run(ctx);
    }

    JobResult update(Clock clock) {
        return runDirect(clock, GeoIpUpdater.Mode.UPDATE, false, false);
    }

    /** The exit code, stdout and stderr of one CLI invocation with {@code --config} prepended. */
    record Cli(int exit, String out, String err) {
    }

    Cli cli(Clock clock, String... args) {
        String[] full = Stream.concat(Stream.of("--config", config().toString()), Stream.of(args))
                .toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(full, new Environment(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    double counter(String name) {
        var c = metrics.registry().find(GeoIpUpdater.METRIC_PREFIX + "." + name).counter();
        return c == null ? 0 : c.count();
    }

    Double gauge(String name) {
        var g = metrics.registry().find(GeoIpUpdater.METRIC_PREFIX + "." + name).gauge();
        return g == null ? null : g.value();
    }

    /** Every file in the target folder (the lock file aside) with a digest of its content. */
    Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> !p.getFileName().toString().equals(DirectoryLock.FILE_NAME))
                    .forEach(p -> files.put(p.getFileName().toString(), digest(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    String stamp() {
        try {
            return Files.readString(dir.resolve(PairInstaller.STAMP)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void assertInstalled(byte[] asn, byte[] cc, String month) {
        assertEquals(sha(asn), digest(dir.resolve("asn.mmdb")), "asn.mmdb content");
        assertEquals(sha(cc), digest(dir.resolve("cc.mmdb")), "cc.mmdb content");
        assertEquals(month, stamp(), "stamp");
    }

    static String digest(Path p) {
        try {
            return sha(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
