package org.ooni.analysis.backup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;

/** The backup round trip against the ClickHouse server of CLICKHOUSE_URL, one throw-away database per test. */
class BackupRoundTripClickHouseTest extends BackupRoundTripContract {
    private ClickHouseTestSupport database;

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @Override
    protected String freshStore() {
        database = ClickHouseTestSupport.createDatabase();
        return dbArg(database.url());
    }

    /** StoreUrl.toString() masks the password, so the --db value is built from the fields. */
    static String dbArg(StoreUrl u) {
        String auth = u.password() == null || u.password().isEmpty() ? u.user()
                : u.user() + ":" + java.net.URLEncoder.encode(u.password(), java.nio.charset.StandardCharsets.UTF_8);
        return (u.https() ? "clickhouse+https://" : "clickhouse://") + auth + "@" + u.host() + ":" + u.port() + "/" + u.database();
    }

    @Override
    protected Warehouse open() {
        return database.open(false);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
