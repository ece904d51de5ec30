package org.ooni.analysis.store;

/** Opens the back end a {@link StoreUrl} names. */
public final class Warehouses {
    private Warehouses() {
    }

    public static Warehouse open(StoreUrl url, boolean readOnly) {
        return switch (url.kind()) {
            case DUCKDB -> DuckDbWarehouse.open(url.path(), readOnly);
            case CLICKHOUSE -> ClickHouseWarehouse.open(url, readOnly);
        };
    }

    /**
     * Opens the store for arbitrary SQL from a user ({@code query}): read-only, and no access to files, URLs or other
     * servers either (DuckDB: {@code enable_external_access = false} with the configuration locked; ClickHouse:
     * {@code readonly=1}, which also forbids every table function).
     */
    public static Warehouse openForQuery(StoreUrl url) {
        return switch (url.kind()) {
            case DUCKDB -> DuckDbWarehouse.openSealed(url.path());
            case CLICKHOUSE -> ClickHouseWarehouse.openSealed(url);
        };
    }
}
