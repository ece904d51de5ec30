package org.ooni.analysis.runs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The run history contract on ClickHouse: a throw-away database per test (skipped without CLICKHOUSE_URL). */
class RunHistoryClickHouseTest extends RunHistoryContract {
    private ClickHouseTestSupport clickhouse;

    @BeforeEach
    void createDatabase() {
        clickhouse = ClickHouseTestSupport.createDatabase();
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
