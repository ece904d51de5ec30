package org.ooni.analysis.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Small ASN and country databases in the db-ip shapes, written with {@link MmdbWriter}, and gzip helpers. */
final class TestDatabases {
    static final String ASN_TYPE = "DBIP-ASN-Lite (compat=GeoLite2-ASN)";
    static final String COUNTRY_TYPE = "DBIP-Country-Lite";

    private TestDatabases() {
    }

    /** ASN records for 8.8.8.0/24, 2001:4860::/32, 1.1.1.0/24 and 12.81.96.0/19 (the last one without an org). */
    static byte[] asn(Instant built, String tag) {
        return mmdb(ASN_TYPE, 24, built, w -> {
            Map<String, Object> google = Map.of("autonomous_system_number", 15169L,
                    "autonomous_system_organization", "Google LLC " + tag);
            w.insert("8.8.8.0/24", google);
            w.insert("2001:4860::/32", google);
            w.insert("1.1.1.0/24", Map.of("autonomous_system_number", 13335L,
                    "autonomous_system_organization", "Cloudflare, Inc. " + tag));
            w.insert("12.81.96.0/19", Map.of("autonomous_system_number", 7018L));
        });
    }

    /** Country records for 8.8.8.0/24 and 2001:4860::/32 (US), 1.1.1.0/24 (AU), 2a02:d500::/32 (no country). */
    static byte[] country(Instant built, String tag) {
        return mmdb(COUNTRY_TYPE, 28, built, w -> {
            Map<String, Object> us = Map.of("continent", Map.of("code", "NA"),
                    "country", Map.of("iso_code", "US", "names", Map.of("en", "United States " + tag)));
            w.insert("8.8.8.0/24", us);
            w.insert("2001:4860::/32", us);
            w.insert("1.1.1.0/24", Map.of("country", Map.of("iso_code", "AU")));
            w.insert("2a02:d500::/32", Map.of("continent", Map.of("code", "EU")));
        });
    }

    static byte[] mmdb(String type, int recordSize, Instant built, Consumer<MmdbWriter> networks) {
        MmdbWriter writer = new MmdbWriter(type, recordSize, built);
        networks.accept(writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
