package org.ooni.analysis.store;

import java.util.List;

/**
 * A live table as the store describes it: columns with their native type names, the sort key (empty when the
 * store has none, as in DuckDB) and the store's own DDL text ({@code SHOW CREATE TABLE} on ClickHouse).
 */
public record TableInfo(String name, List<NativeColumn> columns, List<String> sortKey, String ddl) {
    /** One column and its type as the store names it, e.g. {@code DateTime('UTC')} or {@code TIMESTAMP}. */
    public record NativeColumn(String name, String type) {
    }

    public TableInfo {
        columns = List.copyOf(columns);
        sortKey = List.copyOf(sortKey);
    }

    public List<String> columnNames() {
        return columns.stream().map(NativeColumn::name).toList();
    }
}
