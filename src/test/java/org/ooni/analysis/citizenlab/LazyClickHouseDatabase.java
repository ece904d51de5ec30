package org.ooni.analysis.citizenlab;

import org.ooni.analysis.store.ClickHouseTestSupport;

/**
 * A throw-away ClickHouse database made on first use: the contracts' own @BeforeEach methods run before a
 * subclass's and already need the store.
 */
final class LazyClickHouseDatabase implements AutoCloseable {
    private ClickHouseTestSupport database;

    String dbArgument() {
        if (database == null) {
            database = ClickHouseTestSupport.createDatabase();
        }
        return database.dbArgument();
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
