package org.ooni.analysis.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse contract against DuckDB in a file of a temporary folder. */
class DuckDbWarehouseTest extends WarehouseContract {
    @TempDir
    Path dir;

    @Override
    protected Warehouse openFresh() {
        return reopen(false);
    }

    @Override
    protected Warehouse reopen(boolean readOnly) {
        return DuckDbWarehouse.open(dir.resolve("analysis.duckdb").toString(), readOnly);
    }

    @Override
    protected String expectedCsv() {
        return "name,n\r\nback\\slash,3\r\n\"comma, \"\"quoted\"\"\",1\r\n\"tab\there\nnewline\",2\r\n";
    }
}
