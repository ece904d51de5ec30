package org.ooni.analysis.backup;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.Warehouse;

/** Backup faults against DuckDB in a temporary file. */
class BackupFaultDuckDbTest extends BackupFaultContract {
    @TempDir
    Path storeDir;
    private DuckDbTestFiles files;

    @Override
    protected String freshStore() {
        files = files == null ? new DuckDbTestFiles(storeDir) : files;
        return files.fresh();
    }

    @Override
    protected Warehouse open() {
        return files.open();
    }

    @Override
    protected long rowsBackedUpWithARowWrittenMidExport() {
        return ROWS + 1; // the export is one query, but the fingerprints around it differ: retried
    }
}
