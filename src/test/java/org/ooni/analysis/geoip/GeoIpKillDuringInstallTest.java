package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.job.Outcome;

/**
 * The CLI, run as a child process, is killed (SIGKILL) between the two renames of the install step, the worst
 * moment. The guarantee checked: both live files are whole, valid databases; the journal names the month being
 * installed while the stamp still names the old one; and the next run completes the install.
 */
class GeoIpKillDuringInstallTest {
    @TempDir
    Path tmp;

    @Test
    void killedBetweenTheRenamesLeavesWholeFilesAndTheNextRunCompletes() throws Exception {
        // the child uses the real clock, so the months are the real ones
        Clock now = Clock.systemUTC();
        String month = YearMonth.now(now.withZone(ZoneOffset.UTC)).toString();
        String lastMonth = YearMonth.now(now.withZone(ZoneOffset.UTC)).minusMonths(1).toString();
        Instant built = now.instant().minus(1, ChronoUnit.DAYS);
        Clock lastMonthClock = Clock.fixed(YearMonth.parse(lastMonth).atDay(28).atStartOfDay()
                .toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        // built the day before that clock, whatever today's date: "31 days before today" lies after the 28th of
        // last month on the 29th to the 31st, which the validator rightly calls a build time in the future
        Instant oldBuilt = lastMonthClock.instant().minus(1, ChronoUnit.DAYS);
        byte[] oldAsn = TestDatabases.asn(oldBuilt, "old");
        byte[] oldCc = TestDatabases.country(oldBuilt, "old");
        byte[] newAsn = TestDatabases.asn(built, "new");
        byte[] newCc = TestDatabases.country(built, "new");

        try (GeoIpTestServer server = new GeoIpTestServer()) {
            GeoIpFixture fx = new GeoIpFixture(tmp, server);
            server.serve(GeoIpFixture.ASN, lastMonth, TestDatabases.gzip(oldAsn));
            server.serve(GeoIpFixture.CC, lastMonth, TestDatabases.gzip(oldCc));
            server.serve(GeoIpFixture.ASN, month, TestDatabases.gzip(newAsn));
            server.serve(GeoIpFixture.CC, month, TestDatabases.gzip(newCc));
            assertEquals(Outcome.UPDATED, fx.update(lastMonthClock).outcome());
            fx.assertInstalled(oldAsn, oldCc, lastMonth);

            fx.geoipKeys("debug_pause_during_install_seconds = 60");
            Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    "org.ooni.analysis.cli.Main", "--config", fx.config().toString(), "update", "geoip")
                    .redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> waitForPause(child, output));
            try {
                assertTrue(paused.get(60, TimeUnit.SECONDS), "the child reached the pause: " + output);
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }

            // killed between the renames: asn.mmdb is new, cc.mmdb is old, both whole; the journal tells the rest
            assertEquals(GeoIpFixture.sha(newAsn), GeoIpFixture.digest(fx.dir.resolve("asn.mmdb")));
            assertEquals(GeoIpFixture.sha(oldCc), GeoIpFixture.digest(fx.dir.resolve("cc.mmdb")));
            assertEquals(lastMonth, fx.stamp());
            assertEquals(month, Files.readString(fx.dir.resolve(PairInstaller.JOURNAL)).trim());
            MmdbValidator validator = new MmdbValidator(List.of(), now);
            validator.validate(DbKind.ASN, fx.dir.resolve("asn.mmdb"), "asn.mmdb");
            validator.validate(DbKind.COUNTRY, fx.dir.resolve("cc.mmdb"), "cc.mmdb");
            GeoIpFixture.Cli lookup = fx.cli(now, "geoip", "lookup", "8.8.8.8");
            assertEquals(0, lookup.exit(), lookup.err());
            assertTrue(lookup.err().contains("was interrupted; run 'update geoip' to complete it"), lookup.err());

            fx.geoipKeys("");
            GeoIpFixture.Cli rerun = fx.cli(now, "update", "geoip");
            assertEquals(0, rerun.exit(), rerun.err());
            fx.assertInstalled(newAsn, newCc, month);
            assertEquals(GeoIpFixture.sha(oldAsn), GeoIpFixture.digest(fx.dir.resolve("asn.mmdb.prev")));
            assertEquals(GeoIpFixture.sha(oldCc), GeoIpFixture.digest(fx.dir.resolve("cc.mmdb.prev")));
            assertEquals(lastMonth, Files.readString(fx.dir.resolve(PairInstaller.PREVIOUS_STAMP)).trim());
            assertEquals(List.of("asn.mmdb", "asn.mmdb.prev", "cc.mmdb", "cc.mmdb.prev", "geoipdbts",
                    "geoipdbts.prev"), List.copyOf(fx.snapshot().keySet()), "no journal or temporary file left");
            assertFalse(fx.cli(now, "geoip", "lookup", "8.8.8.8").err().contains("interrupted"));
        }
    }

    private static boolean waitForPause(Process child, List<String> output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.contains("pausing 60 s during install")) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
