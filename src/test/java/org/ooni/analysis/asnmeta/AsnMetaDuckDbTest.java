package org.ooni.analysis.asnmeta;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** The asnmeta updater and lookup against a DuckDB file in a temporary folder. */
class AsnMetaDuckDbTest extends AsnMetaStoreContract {
    @TempDir
    Path dbDir;

    @Override
    protected String dbUrl() {
        return "duckdb:" + dbDir.resolve("analysis.duckdb");
    }

    @Override
    protected Warehouse openStore() {
        return DuckDbWarehouse.open(dbDir.resolve("analysis.duckdb").toString(), false);
    }
}
