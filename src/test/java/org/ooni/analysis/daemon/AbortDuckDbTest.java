package org.ooni.analysis.daemon;

/** Aborted runs on DuckDB (a file in the test's temporary folder). */
class AbortDuckDbTest extends AbortStoreContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("abort.duckdb");
    }
}
