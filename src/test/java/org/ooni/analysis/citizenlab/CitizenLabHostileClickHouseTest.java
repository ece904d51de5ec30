package org.ooni.analysis.citizenlab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The same hostile citizenlab cases against the real ClickHouse server of CLICKHOUSE_URL. */
class CitizenLabHostileClickHouseTest extends CitizenLabHostileContract {
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
