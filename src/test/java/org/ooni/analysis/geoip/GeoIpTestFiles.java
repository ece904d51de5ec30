package org.ooni.analysis.geoip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Installs the small {@link TestDatabases} pair as {@code asn.mmdb} and {@code cc.mmdb}, for tests in other packages. */
public final class GeoIpTestFiles {
    private GeoIpTestFiles() {
    }

    /**
     * 8.8.8.0/24: US, AS15169 "Google LLC {tag}"; 1.1.1.0/24: AU, AS13335 "Cloudflare, Inc. {tag}"; anything else
     * unknown to both databases.
     */
    public static void install(Path dir, String tag) throws IOException {
        Files.createDirectories(dir);
        Instant built = Instant.parse("2024-03-01T00:00:00Z");
        Files.write(dir.resolve(DbKind.ASN.fileName()), TestDatabases.asn(built, tag));
        Files.write(dir.resolve(DbKind.COUNTRY.fileName()), TestDatabases.country(built, tag));
    }
}
