package org.ooni.analysis.lease;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Warehouse;

/** The store-kept lease rules on an in-memory DuckDB (the CLI uses file leases there; the rules are the same). */
class TableLeasesDuckDbTest extends TableLeasesContract {
    private Warehouse store;

    @BeforeEach
    void open() {
        store = DuckDbWarehouse.open(":memory:", false);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    Warehouse store() {
        return store;
    }
}
