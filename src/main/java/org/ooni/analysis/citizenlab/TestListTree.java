package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A test-list tree at one version: the names of the files directly under {@code lists/} and a way to read each.
 * Closing it removes whatever temporary copy it made; a user's own folder is never touched.
 */
public interface TestListTree extends AutoCloseable {
    /** The commit id (git) or content hash (plain folder) of what this tree holds. */
    String version();

    /** Names of the regular files directly under {@code lists/}, sorted; empty when there is no such folder. */
    List<String> listFiles();

    /**
     * Names of the symbolic links directly under {@code lists/}, sorted. They are never followed, whether they point
     * into the tree or out of it: the caller reports each one.
     */
    List<String> symlinks();

    /** Opens {@code lists/NAME} for reading. */
    InputStream open(String name) throws IOException;

    @Override
    void close();
}
