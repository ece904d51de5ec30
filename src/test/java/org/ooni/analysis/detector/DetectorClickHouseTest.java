package org.ooni.analysis.detector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.StoreUrl;

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
        StoreUrl u = database.url();
        String auth = u.password() == null || u.password().isEmpty() ? u.user() : u.user() + ":" + u.password();
        return (u.https() ? "clickhouse+https://" : "clickhouse://") + auth + "@" + u.host() + ":" + u.port() + "/"
                + u.database();
    }
}
