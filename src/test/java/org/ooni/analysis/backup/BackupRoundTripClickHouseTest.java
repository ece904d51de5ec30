package org.ooni.analysis.backup;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Warehouse;

/** The backup round trip against the ClickHouse server of CLICKHOUSE_URL, one throw-away database per test. */
class BackupRoundTripClickHouseTest extends BackupRoundTripContract {
    private ClickHouseTestSupport database;
    // every database of the test (one test uses two stores): all dropped after it
    private final List<ClickHouseTestSupport> databases = new ArrayList<>();

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @Override
    protected String freshStore() {
        database = ClickHouseTestSupport.createDatabase();
        databases.add(database);
        return database.dbArgument();
    }

    @Override
    protected Warehouse open() {
        return database.open(false);
    }

    @AfterEach
    void dropDatabase() {
        databases.forEach(ClickHouseTestSupport::close);
        databases.clear();
    }

    @Override
    protected boolean restoresCsvAsIs() {
        return true;
    }
}
