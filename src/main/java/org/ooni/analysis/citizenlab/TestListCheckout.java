package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A test-list tree on disk ({@code root/lists/...}) and the source version it holds. Closing it removes the tree
 * when it is a temporary clone; a user's own folder is never touched.
 */
public record TestListCheckout(Path root, String version, boolean temporary) implements AutoCloseable {
    public Path listsDir() {
        return root.resolve("lists");
    }

    @Override
    public void close() {
        if (temporary) {
            deleteTree(root);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary folder " + dir, e);
        }
    }
}
