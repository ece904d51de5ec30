package org.ooni.analysis.geoip;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.InvalidInput;

/**
 * Checks a database file before it may be installed: it opens with MaxMind's reader, its metadata type is of the
 * expected kind, it has nodes, the 16-byte separator follows the tree, it was not built in the future, and every
 * probe address returns a record of the expected shape. A failed check throws {@link InvalidInput} naming the
 * file, the check and the value found.
 */
final class MmdbValidator {
    private final List<InetAddress> probes;
    private final Clock clock;

    MmdbValidator(List<InetAddress> probes, Clock clock) {
        this.probes = List.copyOf(probes);
        this.clock = clock;
    }

    /** {@code origin} names the file in errors (the URL it came from, or its installed path). */
    ValidatedDb validate(DbKind kind, Path file, String origin) {
        try (Reader reader = new Reader(file.toFile())) {
            String type = reader.getMetadata().getDatabaseType();
            if (!kind.acceptsType(type)) {
                throw failed(origin, kind, "database type",
                        "expected a type containing '" + kind.typeMarker() + "', found '" + type + "'");
            }
            MmdbMetadata meta = MmdbMetadata.read(file);
            if (meta.nodeCount() <= 0) {
                throw failed(origin, kind, "node count", "expected > 0, found " + meta.nodeCount());
            }
            checkSeparator(file, meta, origin, kind);
            Instant built = Instant.ofEpochSecond(meta.buildEpoch());
            if (built.isAfter(clock.instant())) {
                throw failed(origin, kind, "build time", built + " is in the future (now " + clock.instant() + ")");
            }
            for (InetAddress probe : probes) {
                @SuppressWarnings("unchecked")
                Map<String, Object> record = reader.get(probe, Map.class);
                Optional<String> problem = kind.shapeProblem(record);
                if (problem.isPresent()) {
                    throw failed(origin, kind, "probe " + probe.getHostAddress(), problem.get());
                }
            }
            return new ValidatedDb(kind, type, meta.nodeCount(), built);
        } catch (IOException e) {
            throw failed(origin, kind, "opens with the MaxMind reader", describe(e));
        } catch (AnalysisException e) {
            throw e;
        } catch (RuntimeException e) {
            // the reader's decoder reports broken data sections as unchecked exceptions
            throw failed(origin, kind, "opens with the MaxMind reader", describe(e));
        }
    }

    /** The spec puts 16 zero bytes between the tree and the data section; a mismatch means a broken header. */
    private static void checkSeparator(Path file, MmdbMetadata meta, String origin, DbKind kind) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer sep = ByteBuffer.allocate(16);
            long at = meta.searchTreeBytes();
            if (at + 16 > ch.size()) {
                throw failed(origin, kind, "search tree size", at + " bytes do not fit in a file of " + ch.size());
            }
            ch.read(sep, at);
            for (int i = 0; i < 16; i++) {
                if (sep.get(i) != 0) {
                    throw failed(origin, kind, "data section separator", "non-zero byte at offset " + (at + i));
                }
            }
        }
    }

    static InvalidInput failed(String origin, DbKind kind, String check, String value) {
        return new InvalidInput(origin, 0, 0, kind.fileName() + " check '" + check + "': " + value);
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
