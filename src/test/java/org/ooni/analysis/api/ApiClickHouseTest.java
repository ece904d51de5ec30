package org.ooni.analysis.api;

import org.junit.jupiter.api.AfterAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The read API over a ClickHouse database (skipped without CLICKHOUSE_URL, failed under CI=true). */
class ApiClickHouseTest extends ApiContract {
    private ClickHouseTestSupport clickhouse;

    @AfterAll
    void dropDatabase() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Override
    void assumeConcurrentStore() {
        ClickHouseTestSupport.skipOnChdbFront("ApiClickHouseTest.sustains200RequestsPerSecondFor10SecondsWithCorrectAnswers",
                "the front runs one query at a time, so 200 requests/s measure the front, not ClickHouse");
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
