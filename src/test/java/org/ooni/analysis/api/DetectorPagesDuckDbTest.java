package org.ooni.analysis.api;

/** The detector's pages in headless Chromium over an embedded DuckDB store. */
class DetectorPagesDuckDbTest extends DetectorPagesContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }

    @Override
    String emptyDbUrl() {
        return "duckdb:" + tmp.resolve("empty.duckdb");
    }

    @Override
    String kind() {
        return "duckdb";
    }
}
