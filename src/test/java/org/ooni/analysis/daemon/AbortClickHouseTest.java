package org.ooni.analysis.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** Aborted runs on ClickHouse: a throw-away database per test (skipped without CLICKHOUSE_URL). */
class AbortClickHouseTest extends AbortStoreContract {
    private ClickHouseTestSupport clickhouse;

    @BeforeEach
    @Override
    void open() {
        clickhouse = ClickHouseTestSupport.createDatabase();
        super.open();
    }

    @AfterEach
    void dropDatabase() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Override
    String dbUrl() {
        return clickhouse.dbArgument();
    }
}
