package org.ooni.analysis.api;

import org.junit.jupiter.api.AfterAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The original API's behaviour over a ClickHouse database (skipped without CLICKHOUSE_URL, failed under CI=true). */
class ApiCompatibilityClickHouseTest extends ApiCompatibilityContract {
    private ClickHouseTestSupport clickhouse;

    @AfterAll
    void dropDatabase() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Override
    String dbUrl() {
        // the superclass's @BeforeAll runs first and asks for the URL, so the database is made on first use
        if (clickhouse == null) {
            clickhouse = ClickHouseTestSupport.createDatabase();
        }
        return clickhouse.dbArgument();
    }
}
