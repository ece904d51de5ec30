package org.ooni.analysis.asnmeta;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Warehouse;

/** The asnmeta updater and lookup against the real ClickHouse server of CLICKHOUSE_URL (one database per test). */
class AsnMetaClickHouseTest extends AsnMetaStoreContract {
    private ClickHouseTestSupport database;

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private ClickHouseTestSupport database() {
        if (database == null) {
            database = ClickHouseTestSupport.createDatabase();
        }
        return database;
    }

    @Override
    protected String dbUrl() {
        return database().dbArgument();
    }

    @Override
    protected Warehouse openStore() {
        return database().open(false);
    }
}
