package org.ooni.analysis.backup;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.Warehouse;

/** The backup round trip against DuckDB in a temporary file. */
class BackupRoundTripDuckDbTest extends BackupRoundTripContract {
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
    protected boolean restoresCsvAsIs() {
        return false;
    }
}
