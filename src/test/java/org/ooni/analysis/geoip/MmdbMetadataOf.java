package org.ooni.analysis.geoip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node count of an MMDB held in memory, for comparing with the gauges. */
final class MmdbMetadataOf {
    private MmdbMetadataOf() {
    }

    static long nodes(byte[] mmdb) {
        try {
            Path f = Files.createTempFile("mmdb", ".mmdb");
            try {
                Files.write(f, mmdb);
                return MmdbMetadata.read(f).nodeCount();
            } finally {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
