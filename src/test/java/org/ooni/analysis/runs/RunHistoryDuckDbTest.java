package org.ooni.analysis.runs;

/** The run history contract on DuckDB (a file in the test's temporary folder). */
class RunHistoryDuckDbTest extends RunHistoryContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("runs.duckdb");
    }
}
