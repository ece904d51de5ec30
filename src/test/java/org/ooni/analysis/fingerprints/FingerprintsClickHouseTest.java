package org.ooni.analysis.fingerprints;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.StoreUrl;

/** The fingerprint store contract against the real ClickHouse server of CLICKHOUSE_URL (one database per test). */
class FingerprintsClickHouseTest extends FingerprintsStoreContract {
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
    protected String dbUrl(Path tempDir) {
        if (database == null) {
            database = ClickHouseTestSupport.createDatabase();
        }
        StoreUrl u = database.url();
        String auth = u.password().isEmpty() ? u.user() : u.user() + ":" + u.password();
        return (u.https() ? "clickhouse+https://" : "clickhouse://") + auth + "@" + u.host() + ":" + u.port() + "/"
                + u.database();
    }
}
