package org.ooni.analysis.geoip;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.UsageError;

/**
 * {@code geoip lookup}: the country code, ASN and AS organisation of addresses in the installed {@code cc.mmdb} and
 * {@code asn.mmdb}, one tab-separated line per address; {@code not found} where a database holds nothing for it.
 */
public final class GeoIpLookup implements AutoCloseable {
    static final String NOT_FOUND = "not found";

    private final Path dir;
    private final Reader asn;
    private final Reader cc;

    private GeoIpLookup(Path dir, Reader asn, Reader cc) {
        this.dir = dir;
        this.asn = asn;
        this.cc = cc;
    }

    /** Opens the installed pair in {@code dir}. */
    public static GeoIpLookup open(Path dir) {
        Reader asn = openReader(dir.resolve(DbKind.ASN.fileName()));
        try {
            return new GeoIpLookup(dir, asn, openReader(dir.resolve(DbKind.COUNTRY.fileName())));
        } catch (RuntimeException e) {
            closeQuietly(asn);
            throw e;
        }
    }

    /** A warning line when a killed install is still pending (the pair may then mix two months), else empty. */
    public Optional<String> pendingInstallWarning() {
        if (Files.exists(dir.resolve(PairInstaller.JOURNAL))) {
            return Optional.of("warning: an install into " + dir + " was interrupted; run 'update geoip' to complete it");
        }
        return Optional.empty();
    }

    public static String header() {
        return "ip\tcc\tasn\tas_org";
    }

    /** All lines for {@code addresses}; every address is checked before any lookup so a typo fails fast. */
    public List<String> lookupAll(List<String> addresses) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String a : addresses) {
            parsed.add(IpLiteral.parse(a).orElseThrow(() -> new UsageError("not an IP address: '" + a + "'")));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            lines.add(lookup(addresses.get(i), parsed.get(i)));
        }
        return lines;
    }

    /** What the installed pair says about one address; a field is null where its database holds nothing. */
    public record Location(String cc, Long asn, String org) {
    }

    /** An IP literal as the CLI reads it (no host names, so no DNS lookup); empty when it is not one. */
    public static Optional<InetAddress> parseAddress(String text) {
        return IpLiteral.parse(text);
    }

    /** The country, ASN and AS organisation of one address, for callers that want values rather than lines. */
    public Location locate(InetAddress address) {
        Map<String, Object> country = get(cc, address, DbKind.COUNTRY);
        Map<String, Object> as = get(asn, address, DbKind.ASN);
        return new Location(country == null ? null : DbKind.countryCode(country).orElse(null),
                as == null ? null : DbKind.asn(as).orElse(null), as == null ? null : DbKind.organization(as).orElse(null));
    }

    private String lookup(String text, InetAddress address) {
        Map<String, Object> country = get(cc, address, DbKind.COUNTRY);
        Map<String, Object> as = get(asn, address, DbKind.ASN);
        String code = country == null ? NOT_FOUND : DbKind.countryCode(country).orElse("-");
        String number = as == null ? NOT_FOUND : DbKind.asn(as).map(n -> "AS" + n).orElse("-");
        String org = as == null ? NOT_FOUND : DbKind.organization(as).orElse("-");
        return text + "\t" + code + "\t" + number + "\t" + org;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(Reader reader, InetAddress address, DbKind kind) {
        try {
            return reader.get(address, Map.class);
        } catch (IOException | RuntimeException e) {
            throw new SourceUnavailable(dir.resolve(kind.fileName()).toString(), "lookup of "
                    + address.getHostAddress() + " failed: " + e, e);
        }
    }

    private static Reader openReader(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SourceUnavailable(file.toString(), "no installed database (run 'update geoip' first)");
        }
        try {
            return new Reader(file.toFile());
        } catch (IOException e) {
            throw new SourceUnavailable(file.toString(), "cannot open: " + e, e);
        }
    }

    private static void closeQuietly(Reader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // read-only mapping
        }
    }

    @Override
    public void close() {
        closeQuietly(asn);
        closeQuietly(cc);
    }
}
