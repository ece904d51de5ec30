package org.ooni.analysis.citizenlab;

/** Failure cases of the citizenlab job against the embedded DuckDB store. */
class CitizenLabFailureDuckDbTest extends CitizenLabFailureContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }
}
