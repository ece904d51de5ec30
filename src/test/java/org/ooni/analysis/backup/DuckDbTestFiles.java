package org.ooni.analysis.backup;

import java.nio.file.Path;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** The DuckDB store of a contract test: a fresh file in the test's temporary folder per {@link #fresh} call. */
final class DuckDbTestFiles {
    private final Path dir;
    private int n;
    private String path;

    DuckDbTestFiles(Path dir) {
        this.dir = dir;
    }

    /** A new empty store; returns its --db value. */
    String fresh() {
        path = dir.resolve("analysis-" + (++n) + ".duckdb").toString();
        return "duckdb:" + path;
    }

    /** Opens the latest fresh store read-write. */
    Warehouse open() {
        return DuckDbWarehouse.open(path, false);
    }
}
