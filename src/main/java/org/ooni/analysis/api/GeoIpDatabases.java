package org.ooni.analysis.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.geoip.GeoIpLookup;

/**
 * The installed MMDB pair, reopened when {@code update geoip} has installed a new one (it renames new files into
 * place, so a changed modification time means a new pair); an open reader keeps answering from the old files.
 */
final class GeoIpDatabases implements AutoCloseable {
    private final Path dir;
    private GeoIpLookup lookup;
    private FileTime asnTime;
    private FileTime ccTime;

    GeoIpDatabases(Path dir) {
        this.dir = dir;
    }

    /** The current pair; throws {@link ApiError} 503 when none is installed. */
    synchronized GeoIpLookup current() {
        FileTime asn = modified(dir.resolve("asn.mmdb"));
        FileTime cc = modified(dir.resolve("cc.mmdb"));
        if (lookup == null || !asn.equals(asnTime) || !cc.equals(ccTime)) {
            GeoIpLookup fresh;
            try {
                fresh = GeoIpLookup.open(dir);
            } catch (SourceUnavailable e) {
                throw new ApiError(503, "GeoIP databases unavailable in " + dir + "; run 'update geoip'");
            }
            close();
            lookup = fresh;
            asnTime = asn;
            ccTime = cc;
        }
        return lookup;
    }

    private FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new ApiError(503, "GeoIP databases unavailable in " + dir + "; run 'update geoip'");
        }
    }

    @Override
    public synchronized void close() {
        if (lookup != null) {
            lookup.close();
            lookup = null;
        }
    }
}
