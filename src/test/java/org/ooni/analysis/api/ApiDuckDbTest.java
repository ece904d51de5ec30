package org.ooni.analysis.api;

/** The read API over an embedded DuckDB store. */
class ApiDuckDbTest extends ApiContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb").toString();
    }
}
