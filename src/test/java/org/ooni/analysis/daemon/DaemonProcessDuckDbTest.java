package org.ooni.analysis.daemon;

/** The daemon process on DuckDB (a file in the test's temporary folder). */
class DaemonProcessDuckDbTest extends DaemonProcessContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }
}
