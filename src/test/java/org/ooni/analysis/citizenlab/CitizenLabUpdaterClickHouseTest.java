package org.ooni.analysis.citizenlab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The same citizenlab updater cases against the real ClickHouse server of CLICKHOUSE_URL. */
class CitizenLabUpdaterClickHouseTest extends CitizenLabUpdaterContract {
    private final LazyClickHouseDatabase database = new LazyClickHouseDatabase();

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    String dbUrl() {
        return database.dbArgument();
    }
}
