package org.ooni.analysis.api;

import org.junit.jupiter.api.AfterAll;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** The detector's pages in headless Chromium over ClickHouse (skipped without CLICKHOUSE_URL, failed under CI=true). */
class DetectorPagesClickHouseTest extends DetectorPagesContract {
    private ClickHouseTestSupport clickhouse;
    private ClickHouseTestSupport empty;

    @AfterAll
    void dropDatabases() {
        if (clickhouse != null) {
            clickhouse.close();
        }
        if (empty != null) {
            empty.close();
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

    @Override
    String emptyDbUrl() {
        if (empty == null) {
            empty = ClickHouseTestSupport.createDatabase();
        }
        return empty.dbArgument();
    }

    @Override
    String kind() {
        return "clickhouse";
    }
}
