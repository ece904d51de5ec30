package org.ooni.analysis.citizenlab;

/** Hostile sources and inputs of the citizenlab job against the embedded DuckDB store. */
class CitizenLabHostileDuckDbTest extends CitizenLabHostileContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }
}
