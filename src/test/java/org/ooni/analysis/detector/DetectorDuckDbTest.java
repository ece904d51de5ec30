package org.ooni.analysis.detector;

/** The detector store cases on an embedded DuckDB file. */
class DetectorDuckDbTest extends DetectorStoreContract {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }
}
