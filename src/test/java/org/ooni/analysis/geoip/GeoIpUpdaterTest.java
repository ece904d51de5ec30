package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;

/** {@code update geoip} end to end: in-process HTTP server, MMDB files written by the test, the real folder. */
class GeoIpUpdaterTest {
    private static final Clock OCTOBER = GeoIpFixture.at("2026-10-15T08:00:00Z");
    private static final Clock NOVEMBER = GeoIpFixture.at("2026-11-20T08:00:00Z");
    private static final Instant OCT_BUILT = Instant.parse("2026-10-02T00:00:00Z");
    private static final Instant NOV_BUILT = Instant.parse("2026-11-02T00:00:00Z");
    private static final byte[] OCT_ASN = TestDatabases.asn(OCT_BUILT, "oct");
    private static final byte[] OCT_CC = TestDatabases.country(OCT_BUILT, "oct");
    private static final byte[] NOV_ASN = TestDatabases.asn(NOV_BUILT, "nov");
    private static final byte[] NOV_CC = TestDatabases.country(NOV_BUILT, "nov");

    @TempDir
    Path tmp;
    private GeoIpTestServer server;
    private GeoIpFixture fx;

    @BeforeEach
    void start() throws Exception {
        server = new GeoIpTestServer();
        fx = new GeoIpFixture(tmp, server);
        server.serve(GeoIpFixture.ASN, "2026-10", TestDatabases.gzip(OCT_ASN));
        server.serve(GeoIpFixture.CC, "2026-10", TestDatabases.gzip(OCT_CC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** October installed; the cases then run in November. */
    private Map<String, String> octoberInstalled() {
        assertEquals(Outcome.UPDATED, fx.update(OCTOBER).outcome());
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
        return fx.snapshot();
    }

    private void serveNovember() {
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
    }

    @Test
    void firstInstallWritesThePairTheStampAndMetrics() {
        JobResult r = fx.update(OCTOBER);
        assertEquals(Outcome.UPDATED, r.outcome());
        assertEquals("2026-10", r.sourceVersion());
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
        assertEquals(List.of("asn.mmdb", "cc.mmdb", "geoipdbts"), List.copyOf(fx.snapshot().keySet()),
                "no temporary or .prev file is left");
        assertEquals(1.0, fx.counter("ooni_geoip_updated"));
        assertEquals(0.0, fx.counter("ooni_geoip_checkfail"));
        assertEquals((double) OCT_BUILT.getEpochSecond(), fx.gauge("geoip_asn_epoch"));
        assertEquals((double) OCT_BUILT.getEpochSecond(), fx.gauge("geoip_cc_epoch"));
        assertEquals((double) MmdbMetadataOf.nodes(OCT_ASN), fx.gauge("geoip_asn_node_cnt"));
        assertEquals((double) MmdbMetadataOf.nodes(OCT_CC), fx.gauge("geoip_cc_node_cnt"));
        assertNotNull(fx.metrics.registry().find(GeoIpUpdater.METRIC_PREFIX + ".download_geoip").timer());
    }

    @Test
    void cliInstallsAndLookupReadsTheInstalledPair() {
        GeoIpFixture.Cli run = fx.cli(OCTOBER, "update", "geoip");
        assertEquals(0, run.exit(), run.err());
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
        assertEquals(List.of("asn.mmdb", "cc.mmdb", "geoipdbts"), List.copyOf(fx.snapshot().keySet()),
                "a first install keeps no previous pair");
        GeoIpFixture.Cli lookup = fx.cli(OCTOBER, "geoip", "lookup", "8.8.8.8", "2001:4860:4860::8888", "1.1.1.1",
                "12.81.96.1", "2a02:d500::1", "192.0.2.1");
        assertEquals(0, lookup.exit(), lookup.err());
        assertEquals(String.join("\n",
                "ip\tcc\tasn\tas_org",
                "8.8.8.8\tUS\tAS15169\tGoogle LLC oct",
                "2001:4860:4860::8888\tUS\tAS15169\tGoogle LLC oct",
                "1.1.1.1\tAU\tAS13335\tCloudflare, Inc. oct",
                "12.81.96.1\tnot found\tAS7018\t-",
                "2a02:d500::1\t-\tnot found\tnot found",
                "192.0.2.1\tnot found\tnot found\tnot found") + "\n", lookup.out().replace("\r", ""));
    }

    @Test
    void lookupRefusesNonAddressesAndMissingDatabases() {
        fx.update(OCTOBER);
        GeoIpFixture.Cli bad = fx.cli(OCTOBER, "geoip", "lookup", "8.8.8.8", "example.org");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("not an IP address: 'example.org'"), bad.err());
        assertEquals("", bad.out(), "nothing printed before the bad address is found");
        GeoIpFixture.Cli missing = fx.cli(OCTOBER, "geoip", "lookup", "--dir", tmp.resolve("nowhere").toString(),
                "8.8.8.8");
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("nowhere/asn.mmdb: no installed database"), missing.err());
    }

    @Test
    void alreadyUpToDateTouchesNothingAndDownloadsNothing() {
        Map<String, String> before = octoberInstalled();
        int requests = server.requests();
        GeoIpFixture.Cli run = fx.cli(OCTOBER, "update", "geoip");
        assertEquals(0, run.exit(), run.err());
        assertEquals(requests, server.requests(), "the CLI run downloaded nothing");
        assertEquals(before, fx.snapshot());
        assertEquals(Outcome.UNCHANGED, fx.update(OCTOBER).outcome());
        assertEquals(requests, server.requests());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void forceReinstallsTheSameMonth() {
        octoberInstalled();
        JobResult r = fx.runDirect(OCTOBER, GeoIpUpdater.Mode.UPDATE, false, true);
        assertEquals(Outcome.UPDATED, r.outcome());
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
    }

    @Test
    void notPublishedYetIsASkipThatTouchesNothing() {
        Map<String, String> before = octoberInstalled();
        assertEquals(Outcome.SKIPPED, fx.update(NOVEMBER).outcome());
        assertEquals(before, fx.snapshot());
        GeoIpFixture.Cli run = fx.cli(NOVEMBER, "update", "geoip");
        assertEquals(0, run.exit(), run.err());
        assertEquals(before, fx.snapshot());
        assertEquals("2026-10", fx.stamp(), "October is kept");
    }

    @Test
    void countryFileNotPublishedWhileAsnIsSkipsAndRemovesTheAsnDownload() {
        Map<String, String> before = octoberInstalled();
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        assertEquals(Outcome.SKIPPED, fx.update(NOVEMBER).outcome());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void forbiddenIsSourceUnavailable() {
        octoberInstalled();
        server.status(GeoIpFixture.ASN, "2026-11", 403);
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        SourceUnavailable e = expectFailure(SourceUnavailable.class, 3, "dbip-asn-lite-2026-11.mmdb.gz",
                "HTTP status 403");
        assertEquals(403, e.httpStatus());
    }

    @Test
    void missingUserAgentGets403FromTheServer() {
        octoberInstalled();
        serveNovember();
        fx.geoipKeys("user_agent = \"curl/8\"");
        expectFailure(SourceUnavailable.class, 3, "HTTP status 403");
    }

    @Test
    void serverErrorIsRetriedThenSourceUnavailable() {
        octoberInstalled();
        server.status(GeoIpFixture.ASN, "2026-11", 500);
        int before = server.requests();
        assertThrows(SourceUnavailable.class, () -> fx.update(NOVEMBER));
        assertEquals(before + 2, server.requests(), "attempts = 2: one retry on a 5xx");
        expectFailure(SourceUnavailable.class, 3, "dbip-asn-lite-2026-11.mmdb.gz", "HTTP status 500");
    }

    @Test
    void timeoutIsSourceUnavailable() {
        octoberInstalled();
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.delay(GeoIpFixture.CC, "2026-11", 2500, TestDatabases.gzip(NOV_CC));
        expectFailure(SourceUnavailable.class, 3, "dbip-country-lite-2026-11.mmdb.gz", "timed out");
    }

    @Test
    void truncatedGzipIsInvalidInput() {
        octoberInstalled();
        byte[] gz = TestDatabases.gzip(NOV_ASN);
        server.serve(GeoIpFixture.ASN, "2026-11", Arrays.copyOf(gz, gz.length / 2));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        expectCheckFailure("dbip-asn-lite-2026-11.mmdb.gz", "asn.mmdb check 'gzip': stream ends early (truncated file)");
    }

    @Test
    void notGzipIsInvalidInput() {
        octoberInstalled();
        server.serve(GeoIpFixture.ASN, "2026-11", NOV_ASN);
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        expectCheckFailure("dbip-asn-lite-2026-11.mmdb.gz", "asn.mmdb check 'gzip': not valid gzip data (Not in GZIP format)");
    }

    @Test
    void gzipBombStopsAtTheDecompressedCap() {
        octoberInstalled();
        fx.geoipKeys("max_decompressed_bytes = 1000000");
        byte[] bomb = TestDatabases.gzip(new byte[50_000_000]);
        assertTrue(bomb.length < 100_000, "the bomb is small on the wire: " + bomb.length);
        server.serve(GeoIpFixture.ASN, "2026-11", bomb);
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        expectCheckFailure("dbip-asn-lite-2026-11.mmdb.gz",
                "asn.mmdb check 'decompressed size': more than 1000000 bytes");
    }

    @Test
    void validGzipOfANonMmdbFileFailsToOpen() {
        octoberInstalled();
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip("<html>not a database</html>".getBytes()));
        expectCheckFailure("dbip-country-lite-2026-11.mmdb.gz", "cc.mmdb check 'opens with the MaxMind reader'",
                "metadata");
    }

    @Test
    void asnFileWhereCountryIsExpected() {
        octoberInstalled();
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_ASN));
        expectCheckFailure("dbip-country-lite-2026-11.mmdb.gz", "cc.mmdb check 'database type': expected a type "
                + "containing 'Country', found 'DBIP-ASN-Lite (compat=GeoLite2-ASN)'");
    }

    @Test
    void probeLookupReturningNothing() {
        octoberInstalled();
        byte[] noGoogle = TestDatabases.mmdb(TestDatabases.ASN_TYPE, 24, NOV_BUILT,
                w -> w.insert("1.1.1.0/24", Map.of("autonomous_system_number", 13335L)));
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(noGoogle));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        expectCheckFailure("dbip-asn-lite-2026-11.mmdb.gz", "asn.mmdb check 'probe 8.8.8.8': no record");
    }

    @Test
    void probeRecordOfTheWrongShape() {
        octoberInstalled();
        byte[] noCountry = TestDatabases.mmdb(TestDatabases.COUNTRY_TYPE, 24, NOV_BUILT, w -> {
            w.insert("8.8.8.0/24", Map.of("continent", Map.of("code", "NA")));
            w.insert("2001:4860::/32", Map.of("country", Map.of("iso_code", "US")));
        });
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(noCountry));
        expectCheckFailure("dbip-country-lite-2026-11.mmdb.gz",
                "cc.mmdb check 'probe 8.8.8.8': record has no two-letter country.iso_code: [continent]");
    }

    @Test
    void secondFileFailingAfterTheFirstSucceededInstallsNeither() {
        octoberInstalled();
        Instant future = Instant.parse("2026-12-01T00:00:00Z");
        server.serve(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN));
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(TestDatabases.country(future, "nov")));
        expectCheckFailure("dbip-country-lite-2026-11.mmdb.gz",
                "cc.mmdb check 'build time': 2026-12-01T00:00:00Z is in the future (now 2026-11-20T08:00:00Z)");
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
    }

    @Test
    void concurrentRunExitsAtOnceAndTheFirstCompletes() throws Exception {
        octoberInstalled();
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.block(GeoIpFixture.ASN, "2026-11", TestDatabases.gzip(NOV_ASN), arrived, release);
        server.serve(GeoIpFixture.CC, "2026-11", TestDatabases.gzip(NOV_CC));
        CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(() -> fx.update(NOVEMBER));
        assertTrue(arrived.await(10, TimeUnit.SECONDS), "the first run reached the server");
        try {
            Map<String, String> during = fx.snapshot();
            GeoIpFixture.Cli second = fx.cli(NOVEMBER, "update", "geoip");
            assertEquals(6, second.exit());
            assertTrue(second.err().contains("another 'update geoip' is running on " + fx.dir), second.err());
            assertTrue(second.err().contains("is locked by pid " + ProcessHandle.current().pid()), second.err());
            StoreError e = assertThrows(StoreError.class, () -> fx.update(NOVEMBER));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            assertEquals(during, fx.snapshot(), "the second run changed nothing");
        } finally {
            release.countDown();
        }
        assertEquals(Outcome.UPDATED, first.get(20, TimeUnit.SECONDS).outcome());
        fx.assertInstalled(NOV_ASN, NOV_CC, "2026-11");
    }

    @Test
    void updateKeepsThePreviousPairAndRollbackSwapsItBack() {
        octoberInstalled();
        serveNovember();
        assertEquals(Outcome.UPDATED, fx.update(NOVEMBER).outcome());
        fx.assertInstalled(NOV_ASN, NOV_CC, "2026-11");
        assertEquals(GeoIpFixture.sha(OCT_ASN), GeoIpFixture.digest(fx.dir.resolve("asn.mmdb.prev")));
        assertEquals(GeoIpFixture.sha(OCT_CC), GeoIpFixture.digest(fx.dir.resolve("cc.mmdb.prev")));

        GeoIpFixture.Cli rollback = fx.cli(NOVEMBER, "update", "geoip", "--rollback");
        assertEquals(0, rollback.exit(), rollback.err());
        fx.assertInstalled(OCT_ASN, OCT_CC, "2026-10");
        assertEquals(GeoIpFixture.sha(NOV_ASN), GeoIpFixture.digest(fx.dir.resolve("asn.mmdb.prev")));
        assertEquals(List.of("asn.mmdb", "asn.mmdb.prev", "cc.mmdb", "cc.mmdb.prev", "geoipdbts", "geoipdbts.prev"),
                List.copyOf(fx.snapshot().keySet()));
        GeoIpFixture.Cli lookup = fx.cli(NOVEMBER, "geoip", "lookup", "8.8.8.8");
        assertEquals(0, lookup.exit(), lookup.err());
        assertEquals("ip\tcc\tasn\tas_org\n8.8.8.8\tUS\tAS15169\tGoogle LLC oct\n", lookup.out().replace("\r", ""));
    }

    @Test
    void rollbackWithoutAPreviousPairFails() {
        Map<String, String> before = octoberInstalled();
        GeoIpFixture.Cli run = fx.cli(NOVEMBER, "update", "geoip", "--rollback");
        assertEquals(6, run.exit());
        assertTrue(run.err().contains("no previous pair to roll back to"), run.err());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void dryRunValidatesAndWritesNothing() {
        Map<String, String> before = octoberInstalled();
        serveNovember();
        JobResult r = fx.runDirect(NOVEMBER, GeoIpUpdater.Mode.UPDATE, true, false);
        assertEquals(Outcome.DRY_RUN, r.outcome());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void updateAllRunsGeoipOnlyWhenEnabled() {
        serveNovember();
        GeoIpFixture.Cli off = fx.cli(NOVEMBER, "update", "all");
        assertTrue(off.out().contains("geoip: skipped (set enabled = true in [geoip]"), off.out());
        assertFalse(Files.exists(fx.dir), "update all did not touch the geoip folder");

        fx.geoipKeys("enabled = true");
        GeoIpFixture.Cli on = fx.cli(NOVEMBER, "update", "all");
        fx.assertInstalled(NOV_ASN, NOV_CC, "2026-11");
        assertEquals(List.of("asn.mmdb", "cc.mmdb", "geoipdbts"), List.copyOf(fx.snapshot().keySet()),
                "a first install keeps no previous pair");
    }

    /** A failed check: InvalidInput naming the URL and the check, checkfail counted, exit 4, nothing changed. */
    private void expectCheckFailure(String... messageParts) {
        double before = fx.counter("ooni_geoip_checkfail");
        expectFailure(InvalidInput.class, 4, messageParts);
        assertEquals(before + 1, fx.counter("ooni_geoip_checkfail"));
    }

    private <T extends AnalysisException> T expectFailure(Class<T> type, int exit, String... messageParts) {
        Map<String, String> before = fx.snapshot();
        T e = assertThrows(type, () -> fx.update(NOVEMBER));
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        assertEquals(before, fx.snapshot(), "the installed pair, the stamp and the folder are unchanged");
        GeoIpFixture.Cli run = fx.cli(NOVEMBER, "update", "geoip");
        assertEquals(exit, run.exit(), run.err());
        for (String part : messageParts) {
            assertTrue(run.err().contains(part), "'" + part + "' in: " + run.err());
        }
        assertEquals(before, fx.snapshot(), "the installed pair, the stamp and the folder are unchanged");
        return e;
    }
}
