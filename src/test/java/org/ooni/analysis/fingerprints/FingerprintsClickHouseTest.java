package org.ooni.analysis.fingerprints;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

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
        return database.dbArgument();
    }
}
