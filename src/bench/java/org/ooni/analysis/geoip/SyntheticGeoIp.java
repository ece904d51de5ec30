package org.ooni.analysis.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated db-ip-shaped pair ({@code asn.mmdb}, {@code cc.mmdb}) of /24 networks spread evenly over IPv4, for
 * benchmarks of readers in other packages (the API's geolookup); {@link MmdbWriter} itself stays package-private.
 */
public final class SyntheticGeoIp {
    private static final List<String> COUNTRIES = List.of("US", "DE", "BR", "RU", "IN", "CN", "IR", "TR", "EG",
            "UA", "GB", "FR", "UG", "MM", "VE");

    private SyntheticGeoIp() {
    }

    /** Writes the pair into {@code dir}; {@link #address} gives an address inside network {@code i}. */
    public static void install(Path dir, int networks, long seed) throws IOException {
        Files.createDirectories(dir);
        Instant built = Instant.now().minus(Duration.ofDays(1));
        MmdbWriter asn = new MmdbWriter("DBIP-ASN-Lite (compat=GeoLite2-ASN)", 28, built);
        MmdbWriter cc = new MmdbWriter("DBIP-Country-Lite", 28, built);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < networks; i++) {
            InetAddress network = InetAddress.getByName(address(i, networks, 0));
            long number = 1L + random.nextInt(400_000);
            asn.insert(network, 24, Map.of("autonomous_system_number", number,
                    "autonomous_system_organization", "Synthetic Networks " + number));
            cc.insert(network, 24, Map.of("country", Map.of("iso_code",
                    COUNTRIES.get(random.nextInt(COUNTRIES.size())))));
        }
        asn.write(dir.resolve(DbKind.ASN.fileName()));
        cc.write(dir.resolve(DbKind.COUNTRY.fileName()));
    }

    /** The dotted address {@code host} (0..255) in network {@code i} of {@code networks}. */
    public static String address(int i, int networks, int host) {
        long net = (i * ((1L << 24) / networks)) << 8;
        return (net >>> 24 & 255) + "." + (net >>> 16 & 255) + "." + (net >>> 8 & 255) + "." + (host & 255);
    }
}
