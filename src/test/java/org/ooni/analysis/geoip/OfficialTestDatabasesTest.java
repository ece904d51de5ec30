package org.ooni.analysis.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.job.Outcome;

/**
 * The reader checks on MaxMind's official test databases (the known lookups listed in the README beside them),
 * so the validator and the lookup are shown to accept MaxMind's own GeoLite2 files, not only ours. Runs when
 * {@code ../shared/testdata/mmdb} (or {@code $OONI_TESTDATA_MMDB}) exists, else skips with a message.
 */
class OfficialTestDatabasesTest {
    private static final Clock NOW = Clock.systemUTC();
    private Path data;

    @TempDir
    Path tmp;

    @BeforeEach
    void findData() {
        String env = System.getenv("OONI_TESTDATA_MMDB");
        data = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.dir")).resolve("../shared/testdata/mmdb").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("GeoLite2-ASN-Test.mmdb")),
                "MaxMind test databases not found in " + data + " (set OONI_TESTDATA_MMDB); skipping these checks");
    }

    @Test
    void validatorAcceptsTheGeoLite2AndGeoIp2Files() throws Exception {
        ValidatedDb asn = validator("89.160.20.112", "2600:6000::1")
                .validate(DbKind.ASN, data.resolve("GeoLite2-ASN-Test.mmdb"), "GeoLite2-ASN-Test.mmdb");
        assertEquals("GeoLite2-ASN", asn.databaseType());
        try (Reader r = new Reader(data.resolve("GeoLite2-ASN-Test.mmdb").toFile())) {
            assertEquals(r.getMetadata().getBuildDate().toInstant(), asn.buildTime());
        }
        assertTrue(asn.nodeCount() > 0);
        for (String file : List.of("GeoLite2-Country-Test.mmdb", "GeoIP2-Country-Test.mmdb")) {
            ValidatedDb cc = validator("89.160.20.112", "2001:218::1", "2.125.160.216")
                    .validate(DbKind.COUNTRY, data.resolve(file), file);
            assertEquals(file.replace("-Test.mmdb", ""), cc.databaseType());
        }
    }

    @Test
    void validatorRejectsWrongKindMissingProbeAndCountrylessRecord() {
        InvalidInput wrongKind = assertThrows(InvalidInput.class, () -> validator("89.160.20.112")
                .validate(DbKind.COUNTRY, data.resolve("GeoLite2-ASN-Test.mmdb"), "GeoLite2-ASN-Test.mmdb"));
        assertEquals("cc.mmdb check 'database type': expected a type containing 'Country', found 'GeoLite2-ASN'",
                wrongKind.rule());
        InvalidInput noRecord = assertThrows(InvalidInput.class, () -> validator("8.8.8.8")
                .validate(DbKind.ASN, data.resolve("GeoLite2-ASN-Test.mmdb"), "GeoLite2-ASN-Test.mmdb"));
        assertEquals("asn.mmdb check 'probe 8.8.8.8': no record", noRecord.rule());
        InvalidInput noCountry = assertThrows(InvalidInput.class, () -> validator("2a02:d500::1")
                .validate(DbKind.COUNTRY, data.resolve("GeoLite2-Country-Test.mmdb"), "GeoLite2-Country-Test.mmdb"));
        assertTrue(noCountry.rule().startsWith("cc.mmdb check 'probe 2a02:d500:0:0:0:0:0:1': record has no two-letter"),
                noCountry.rule());
    }

    @Test
    void metadataDecoderAgreesWithMaxMindsReader() throws Exception {
        for (String file : List.of("GeoLite2-ASN-Test.mmdb", "GeoLite2-Country-Test.mmdb", "GeoIP2-Country-Test.mmdb",
                "MaxMind-DB-test-decoder.mmdb")) {
            MmdbMetadata meta = MmdbMetadata.read(data.resolve(file));
            try (Reader r = new Reader(data.resolve(file).toFile())) {
                assertEquals(r.getMetadata().getDatabaseType(), meta.databaseType(), file);
                assertEquals(r.getMetadata().getIpVersion(), meta.ipVersion(), file);
                assertEquals(r.getMetadata().getBuildDate().getTime() / 1000, meta.buildEpoch(), file);
            }
            assertEquals(6, meta.ipVersion(), file);
            assertTrue(meta.nodeCount() > 0, file);
        }
    }

    @Test
    void updateInstallsThemAndLookupGivesTheKnownAnswers() throws Exception {
        try (GeoIpTestServer server = new GeoIpTestServer()) {
            GeoIpFixture fx = new GeoIpFixture(tmp, server).geoipKeys("probe_addresses = [\"89.160.20.112\"]");
            String month = java.time.YearMonth.now(NOW.withZone(java.time.ZoneOffset.UTC)).toString();
            server.serve(GeoIpFixture.ASN, month, TestDatabases.gzip(Files.readAllBytes(
                    data.resolve("GeoLite2-ASN-Test.mmdb"))));
            server.serve(GeoIpFixture.CC, month, TestDatabases.gzip(Files.readAllBytes(
                    data.resolve("GeoLite2-Country-Test.mmdb"))));
            assertEquals(Outcome.UPDATED, fx.update(NOW).outcome());
            GeoIpFixture.Cli lookup = fx.cli(NOW, "geoip", "lookup", "1.128.0.1", "12.81.96.1", "89.160.20.112",
                    "2600:6000::1", "2.125.160.216", "2001:218::1", "8.8.8.8");
            assertEquals(0, lookup.exit(), lookup.err());
            assertEquals(String.join("\n",
                    "ip\tcc\tasn\tas_org",
                    "1.128.0.1\tnot found\tAS1221\tTelstra Pty Ltd",
                    "12.81.96.1\tnot found\tAS7018\t-",
                    "89.160.20.112\tSE\tAS29518\tBredband2 AB",
                    "2600:6000::1\tnot found\tAS237\tMerit Network Inc.",
                    "2.125.160.216\tGB\tnot found\tnot found",
                    "2001:218::1\tJP\tnot found\tnot found",
                    "8.8.8.8\tnot found\tnot found\tnot found") + "\n", lookup.out());
        }
    }

    private static MmdbValidator validator(String... probes) throws Exception {
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (String p : probes) {
            addresses.add(InetAddress.getByName(p));
        }
        return new MmdbValidator(addresses, NOW);
    }
}
