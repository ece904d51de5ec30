package org.ooni.analysis.backup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Warehouse;

/** Backup faults against the ClickHouse server of CLICKHOUSE_URL, one throw-away database per test. */
class BackupFaultClickHouseTest extends BackupFaultContract {
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
    protected long rowsBackedUpWithARowWrittenMidExport() {
        return ROWS; // the export and its fingerprint are one query, from before the row was written
    }
}
