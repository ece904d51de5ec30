package org.ooni.analysis.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;

/**
 * The API's only way into the store: parameterised reads. A DuckDB connection is used by one request at a time
 * (its JDBC connection is not meant for concurrent statements); ClickHouse requests run in parallel over the HTTP
 * client's connection pool.
 */
final class StoreReader {
    private final Warehouse warehouse;
    private final ReentrantLock lock;
    private final StoreUrl.Kind kind;
    /** Tables seen to exist: a live table is swapped, never dropped, so only "missing" needs asking again. */
    private final java.util.Set<String> existing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    StoreReader(Warehouse warehouse, StoreUrl.Kind kind) {
        this.warehouse = warehouse;
        this.kind = kind;
        this.lock = kind == StoreUrl.Kind.DUCKDB ? new ReentrantLock(true) : null;
    }

    /** Every row of a query whose {@code ?} take {@code params}; an empty list when the table does not exist yet. */
    List<List<String>> rows(String table, String sql, List<?> params) {
        return with(w -> {
            List<List<String>> rows = new ArrayList<>();
            if (exists(w, table)) {
                w.forEachRow(sql, params, rows::add);
            }
            return rows;
        });
    }

    /**
     * Streams the rows of a query to {@code row}, holding none of them; false (and nothing streamed) when the table
     * does not exist yet. For the reads whose size the time window bounds but a list would hold at once.
     */
    boolean forEach(String table, String sql, List<?> params, java.util.function.Consumer<List<String>> row) {
        return with(w -> {
            if (!exists(w, table)) {
                return false;
            }
            w.forEachRow(sql, params, row);
            return true;
        });
    }

    /** Whether {@code table} exists: "no data yet" pages tell a store the jobs have not filled from an empty answer. */
    boolean exists(String table) {
        return with(w -> exists(w, table));
    }

    private boolean exists(Warehouse w, String table) {
        // not "tableExists && existing.add": add is false when a parallel request cached the table first
        if (existing.contains(table) || w.tableExists(table)) {
            existing.add(table);
            return true;
        }
        return false;
    }

    /**
     * A value to compare with a FIXED_STRING(n) column: ClickHouse stores such values padded with NUL bytes and
     * compares them with the padding, DuckDB stores them as they are.
     */
    String fixedString(String value, int length) {
        return kind == StoreUrl.Kind.CLICKHOUSE && value.length() < length
                ? value + "\0".repeat(length - value.length()) : value;
    }

    <T> T with(Function<Warehouse, T> read) {
        if (lock == null) {
            return read.apply(warehouse);
        }
        lock.lock();
        try {
            return read.apply(warehouse);
        } finally {
            lock.unlock();
        }
    }
}
