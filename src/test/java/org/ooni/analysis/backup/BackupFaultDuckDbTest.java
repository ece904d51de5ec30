package org.ooni.analysis.backup;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** Backup faults against DuckDB in a temporary file. */
class BackupFaultDuckDbTest extends BackupFaultContract {
    @TempDir
    Path storeDir;
    private int n;
    private String path;

    @Override
    protected String freshStore() {
        path = storeDir.resolve("analysis-" + (++n) + ".duckdb").toString();
        return "duckdb:" + path;
    }

    @Override
    protected Warehouse open() {
        return DuckDbWarehouse.open(path, false);
    }

    @Override
    protected long rowsBackedUpWithARowWrittenMidExport() {
        return ROWS + 1; // the export is one query, but the fingerprints around it differ: retried
    }
}
