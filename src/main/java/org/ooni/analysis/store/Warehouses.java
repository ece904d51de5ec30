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
}
