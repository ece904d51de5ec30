package org.ooni.analysis.detector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The detector store cases against the real ClickHouse server of CLICKHOUSE_URL. */
class DetectorClickHouseTest extends DetectorStoreContract {
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

    @Override
    String dbUrl() {
        if (database == null) {
            database = ClickHouseTestSupport.createDatabase();
        }
        return database.dbArgument();
    }
}
