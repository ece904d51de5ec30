package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.metrics.StatsdReceiver;

/**
 * What the OONI API and the dashboards of the original see of {@code update geoip}: the stamp {@code geoipdbts}
 * holds the month and nothing else (no newline), the installed files are readable by every user (the API runs as
 * {@code ooniapi}), and {@code download_geoip} is a timer sent once per file, as {@code %0.6f|ms}.
 */
class GeoIpOriginalCompatTest {
    private static final Clock OCTOBER = GeoIpFixture.at("2026-10-15T08:00:00Z");
    private static final Instant BUILT = Instant.parse("2026-10-02T00:00:00Z");

    @TempDir
    Path tmp;
    private GeoIpTestServer server;
    private GeoIpFixture fx;

    @BeforeEach
    void start() throws Exception {
        server = new GeoIpTestServer();
        fx = new GeoIpFixture(tmp, server);
        server.serve(GeoIpFixture.ASN, "2026-10", TestDatabases.gzip(TestDatabases.asn(BUILT, "oct")));
        server.serve(GeoIpFixture.CC, "2026-10", TestDatabases.gzip(TestDatabases.country(BUILT, "oct")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void stampIsTheMonthWithoutNewlineAndFilesAreWorldReadable() throws Exception {
        assertEquals(Outcome.UPDATED, fx.update(OCTOBER).outcome());
        assertArrayEquals("2026-10".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(fx.dir.resolve("geoipdbts")));
        for (String name : List.of("asn.mmdb", "cc.mmdb", "geoipdbts")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.dir.resolve(name))),
                    name);
        }
        // an original install (month, no newline) is read as current: nothing is downloaded again
        assertEquals(Outcome.UNCHANGED, fx.update(OCTOBER).outcome());
    }

    @Test
    void aFileWrittenUnderATightUmaskIsMadeReadableByAll() throws Exception {
        Path f = Files.createFile(tmp.resolve("x.mmdb"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        PairInstaller.readableByAll(f);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void downloadGeoipIsATimerPerFileOnTheWire() throws Exception {
        try (StatsdReceiver statsd = new StatsdReceiver(); Metrics metrics = Metrics.create(statsd.settings())) {
            AnalysisConfig config = AnalysisConfig.load(fx.config());
            GeoIpUpdater job = new GeoIpUpdater(config.section("geoip", GeoIpSettings.class),
                    config.section("http", HttpSettings.class), GeoIpUpdater.Mode.UPDATE);
            JobContext ctx = new JobContext(() -> {
                throw new AssertionError("the geoip job must not open the store");
            }, metrics, Log.silent(), OCTOBER, config, false, false);
            assertEquals(Outcome.UPDATED, job.run(ctx).outcome());
            List<String> lines = statsd.lines();
            assertEquals(2, StatsdReceiver.timerCount(lines, "ooni_download_geoip.download_geoip"), lines.toString());
            assertEquals(List.of("1"), lines.stream().filter(l -> l.startsWith("ooni_download_geoip.ooni_geoip_updated:"))
                    .map(l -> l.replaceAll(".*:([0-9]+)\\|c", "$1")).toList(), lines.toString());
        }
    }
}
