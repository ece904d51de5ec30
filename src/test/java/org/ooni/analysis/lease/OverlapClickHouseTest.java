package org.ooni.analysis.lease;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ooni.analysis.store.ClickHouseTestSupport;

/** Overlapping runs on one ClickHouse database (skipped without CLICKHOUSE_URL, except under CI=true). */
class OverlapClickHouseTest extends OverlapContract {
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

    @Override
    Map<String, String> recordedRuns(String job) {
        return jobRuns(job);
    }
}
