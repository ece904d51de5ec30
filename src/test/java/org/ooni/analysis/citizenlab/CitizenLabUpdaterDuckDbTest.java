package org.ooni.analysis.citizenlab;

/** The citizenlab job against the embedded DuckDB store. */
class CitizenLabUpdaterDuckDbTest extends CitizenLabUpdaterContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }
}
