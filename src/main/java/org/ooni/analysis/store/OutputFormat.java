package org.ooni.analysis.store;

/** Text formats a query result can be streamed in; names follow ClickHouse's. */
public enum OutputFormat {
    /** Tab-separated with a header line; tab, newline and backslash escaped as ClickHouse does. */
    TSV_WITH_NAMES,
    /** RFC 4180 CSV with a header line. */
    CSV_WITH_NAMES
}
