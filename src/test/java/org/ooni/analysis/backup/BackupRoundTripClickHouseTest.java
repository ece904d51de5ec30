package org.ooni.analysis.backup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
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
        return database.dbArgument();
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

    @Override
    protected boolean restoresCsvAsIs() {
        return true;
    }
}
