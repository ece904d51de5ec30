package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.DelegatingWarehouse;
import org.ooni.analysis.store.DuckDbWarehouse;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/** StoreReader's table-exists cache under parallel first requests (the ClickHouse case: no lock around reads). */
class StoreReaderTest {
    /**
     * Two requests that both find the table missing from the cache and ask the store at the same time must both
     * read its rows. (A cache written as {@code tableExists && existing.add} gave the second one no rows: an
     * empty answer under load, found by the load test on ClickHouse.)
     */
    @Test
    @Timeout(30)
    void parallelFirstReadsBothSeeTheRows(@TempDir Path dir) throws Exception {
        TableSchema schema = new TableSchema("t", List.of(new Column("n", ColumnType.INT64)), List.of("n"),
                Engine.MERGE_TREE);
        try (DuckDbWarehouse duck = DuckDbWarehouse.open(dir.resolve("s.duckdb").toString(), false)) {
            duck.createTableIfMissing(schema);
            duck.insertRows(schema, List.<Object[]>of(new Object[] {7L}).iterator());
            CyclicBarrier bothAsking = new CyclicBarrier(2);
            Warehouse slowExists = new DelegatingWarehouse(duck) {
                @Override
                public boolean tableExists(String table) {
                    boolean exists = super.tableExists(table);
                    try {
                        bothAsking.await(10, TimeUnit.SECONDS); // both requests are past the cache check here
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return exists;
                }

                @Override
                public synchronized void forEachRow(String sql, List<?> params,
                                                    java.util.function.Consumer<List<String>> row) {
                    super.forEachRow(sql, params, row); // one DuckDB connection: statements one at a time
                }
            };
            // CLICKHOUSE: the kind whose reads run in parallel, without StoreReader's lock
            StoreReader reader = new StoreReader(slowExists, StoreUrl.Kind.CLICKHOUSE);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<List<String>>> a = pool.submit(() -> reader.rows("t", "SELECT n FROM t WHERE n = ?",
                        List.of(7L)));
                Future<List<List<String>>> b = pool.submit(() -> reader.rows("t", "SELECT n FROM t WHERE n = ?",
                        List.of(7L)));
                assertEquals(List.of(List.of("7")), a.get(20, TimeUnit.SECONDS));
                assertEquals(List.of(List.of("7")), b.get(20, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
