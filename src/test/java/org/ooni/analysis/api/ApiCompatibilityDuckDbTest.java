package org.ooni.analysis.api;

/** The original API's behaviour over an embedded DuckDB store. */
class ApiCompatibilityDuckDbTest extends ApiCompatibilityContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("compat.duckdb").toString();
    }
}
