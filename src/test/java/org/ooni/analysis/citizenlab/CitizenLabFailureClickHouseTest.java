package org.ooni.analysis.citizenlab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.StoreUrl;

/** The same citizenlab failure cases against the real ClickHouse server of CLICKHOUSE_URL. */
class CitizenLabFailureClickHouseTest extends CitizenLabFailureContract {
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
        // Created on first use: the base classes' @BeforeEach methods run before this class's and need the store.
        if (database == null) {
            database = ClickHouseTestSupport.createDatabase();
        }
        StoreUrl u = database.url();
        String auth = u.password().isEmpty() ? u.user() : u.user() + ":" + u.password();
        return (u.https() ? "clickhouse+https://" : "clickhouse://") + auth + "@" + u.host() + ":" + u.port() + "/"
                + u.database();
    }
}
