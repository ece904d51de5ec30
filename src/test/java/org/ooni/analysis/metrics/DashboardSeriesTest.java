package org.ooni.analysis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.backup.S3TestServer;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.geoip.GeoIpTestFiles;

/**
 * Every series a panel of the Grafana dashboards in {@code packaging/grafana/} names is one the program sends: the
 * jobs (test lists, fingerprints, ASN metadata, GeoIP including a failed check, detector, backup to an in-process
 * S3) run through the command line against a real UDP socket, and each panel's Graphite target ({@code
 * stats.gauges.N}, {@code stats.timers.N.mean}, {@code stats_counts.N}, with {@code *} wildcards) must match a line
 * of that type ({@code |g}, {@code |ms}, {@code |c}).
 */
class DashboardSeriesTest {
    private static final Pattern TARGET = Pattern.compile("stats(_counts|\\.gauges|\\.timers)\\.([A-Za-z0-9_.*-]+)");
    private static final Map<String, String> TYPE = Map.of("_counts", "c", ".gauges", "g", ".timers", "ms");
    private static final Instant OCTOBER = Instant.parse("2026-10-15T08:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void everyPanelSeriesIsSentByAJob() throws Exception {
        Set<String> sent = sentSeries();
        List<String> named = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("packaging/grafana"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode dashboard = new ObjectMapper().readTree(f.toFile());
                assertFalse(dashboard.get("panels").isEmpty(), f.toString());
                for (JsonNode panel : dashboard.get("panels")) {
                    assertFalse(panel.get("targets").isEmpty(), f + ": " + panel.get("title"));
                    for (JsonNode target : panel.get("targets")) {
                        Matcher m = TARGET.matcher(target.get("target").asText());
                        assertTrue(m.find(), f + ": no series in " + target);
                        String path = m.group(2);
                        String type = TYPE.get(m.group(1));
                        // a timer's target ends with the aggregate Graphite keeps (mean, upper, count, ...)
                        String name = type.equals("ms") ? path.substring(0, path.lastIndexOf('.')) : path;
                        Pattern glob = Pattern.compile(Pattern.quote(name).replace("*", "\\E[^.]*\\Q") + "\\|" + type);
                        named.add(name + "|" + type);
                        assertTrue(sent.stream().anyMatch(s -> glob.matcher(s).matches()),
                                f.getFileName() + " panel '" + panel.get("title").asText() + "' names " + name + "|"
                                        + type + ", which no job sends; sent: " + sent);
                    }
                }
            }
        }
        assertTrue(named.size() >= 30, named.toString());
    }

    /** Every "name|type" the jobs send. */
    private Set<String> sentSeries() throws Exception {
        Set<String> series = new TreeSet<>();
        try (StatsdReceiver statsd = new StatsdReceiver(); S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("backups");
            Path geoipSource = geoipFiles();
            Path config = tmp.resolve("a.toml");
            Files.writeString(config, """
                    [statsd]
                    host = "127.0.0.1"
                    port = %d
                    [citizenlab]
                    source = "%s"
                    min_rows = 10
                    [fingerprints]
                    dns_url = "%s"
                    http_url = "%s"
                    min_rows = 10
                    [asnmeta]
                    source = "%s"
                    min_rows = 10
                    [geoip]
                    dir = "%s"
                    asn_url = "%s/dbip-asn-lite-{YYYY-MM}.mmdb.gz"
                    cc_url = "%s/dbip-country-lite-{YYYY-MM}.mmdb.gz"
                    [detector]
                    domains = ["twitter.com", "t.me"]
                    use_citizenlab = false
                    feeds_dir = "%s"
                    [backup]
                    pause_seconds = 0
                    retry_backoff_ms = 1
                    [backup.destinations.private]
                    endpoint = "%s"
                    bucket = "backups"
                    prefix = "ooni"
                    path_style = true
                    access_key_id = "%s"
                    secret_access_key = "%s"
                    [backup.tables]
                    citizenlab = "full"
                    """.formatted(statsd.port(), abs("examples/test-lists"),
                    abs("examples/fingerprints/fingerprints_dns.csv"), abs("examples/fingerprints/fingerprints_http.csv"),
                    abs("examples/asnmeta/all_as_org_map.json"), tmp.resolve("geoip"), geoipSource, geoipSource,
                    tmp.resolve("feeds"), s3.endpoint(), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY));
            String db = "duckdb:" + tmp.resolve("db.duckdb");
            run(config, db, OCTOBER, 0, "update", "citizenlab");
            run(config, db, OCTOBER, 0, "update", "fingerprints");
            run(config, db, OCTOBER, 0, "update", "asnmeta");
            run(config, db, OCTOBER, 0, "update", "geoip");
            // November's files are corrupt: the failed check is counted
            run(config, db, Instant.parse("2026-11-15T08:00:00Z"), 4, "update", "geoip");
            run(config, db, OCTOBER, 0, "generate", "measurements", "--from", "2026-10-01T00:00:00Z", "--to",
                    "2026-10-05T00:00:00Z", "--countries", "IR", "--asns-per-country", "1", "--domains", "twitter.com",
                    "--rate", "6", "--episodes", "2", "--seed", "3", "--replace");
            run(config, db, OCTOBER, 0, "detect", "--from", "2026-10-01T00:00:00Z", "--to", "2026-10-05T00:00:00Z");
            // exit 5: the jobs' other tables are not listed in [backup.tables]; citizenlab is backed up first
            run(config, db, OCTOBER, 5, "backup");
            for (String line : statsd.lines()) {
                series.add(line.replaceAll(":[^:|]*\\|", "|"));
            }
        }
        for (String expected : List.of("fingerprints_updater.fetch_csv|ms", "db-backup.status|g",
                "detector.detected_blocked|c", "ooni_download_geoip.ooni_geoip_checkfail|c")) {
            assertTrue(series.contains(expected), expected + " in " + series);
        }
        return series;
    }

    private static void run(Path config, String db, Instant at, int exit, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", db));
        all.addAll(List.of(args));
        CliRun.Result r = CliRun.run(Map.of(), Clock.fixed(at, ZoneOffset.UTC), all.toArray(String[]::new));
        assertEquals(exit, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    }

    private static Path abs(String path) {
        return Path.of(path).toAbsolutePath();
    }

    /** October's pair as db-ip names it, gzipped; November's as files that are not MMDB at all. */
    private Path geoipFiles() throws Exception {
        Path raw = tmp.resolve("raw");
        GeoIpTestFiles.install(raw, "t");
        Path source = Files.createDirectories(tmp.resolve("source"));
        gzip(Files.readAllBytes(raw.resolve("asn.mmdb")), source.resolve("dbip-asn-lite-2026-10.mmdb.gz"));
        gzip(Files.readAllBytes(raw.resolve("cc.mmdb")), source.resolve("dbip-country-lite-2026-10.mmdb.gz"));
        gzip("not an mmdb".getBytes(), source.resolve("dbip-asn-lite-2026-11.mmdb.gz"));
        gzip("not an mmdb".getBytes(), source.resolve("dbip-country-lite-2026-11.mmdb.gz"));
        return source;
    }

    private static void gzip(byte[] data, Path to) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            out.write(data);
        }
    }
}
