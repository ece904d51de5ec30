package org.ooni.analysis.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;

/**
 * The DuckDB table function {@code ooni_rows(feed)} that serves the rows of {@code insertRows}, so that an insert
 * is one {@code INSERT … SELECT * FROM ooni_rows(feed)} statement: DuckDB pulls chunks and writes row groups as
 * they fill, where the appender ran a query of its own to flush every 2,048 rows (about a third of its time).
 *
 * <p>DuckDB keeps table functions per database instance, the JDBC driver shares one instance among all
 * connections to a file in a JVM, a function cannot be dropped, and a second registration under a taken name is
 * silently ignored (while its memory, about 2.4 KB, stays). So the function is registered once per database and
 * finds each insert's rows by the id it is called with, in this JVM-wide table of inserts in progress: a daemon
 * that keeps the database open and connects once per run would otherwise add a registration every run.
 */
final class DuckDbRowSource implements DuckDBTableFunction<DuckDbRowFeed, Object, Object> {
    static final String NAME = "ooni_rows";

    private static final Map<Long, DuckDbRowFeed> FEEDS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong();

    /** Makes {@code feed} callable as {@code ooni_rows(id)} until {@link #close}. */
    static long open(DuckDbRowFeed feed) {
        long id = NEXT_ID.incrementAndGet();
        FEEDS.put(id, feed);
        return id;
    }

    static void close(long id) {
        FEEDS.remove(id);
    }

    @Override
    public DuckDbRowFeed bind(DuckDBTableFunctionBindInfo info) {
        long id = info.getParameter(0).getLong();
        DuckDbRowFeed feed = FEEDS.get(id);
        if (feed == null) {
            throw new IllegalStateException(NAME + "(" + id + "): no insert in progress under that id");
        }
        for (Column c : feed.schema().columns()) {
            info.addResultColumn(c.name(), duckDbType(c.type()));
        }
        return feed;
    }

    @Override
    public Object init(DuckDBTableFunctionInitInfo info) {
        // one source, read in order: the rows land in the table in the order the iterator gave them
        info.setMaxThreads(1);
        return null;
    }

    @Override
    public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
        DuckDbRowFeed feed = info.getBindData();
        return feed.apply(out);
    }

    /**
     * The type a column has in the function's result: the one the table has (the driver's type names are the SQL
     * names the table is created with), so nothing is cast.
     */
    private static DuckDBColumnType duckDbType(ColumnType type) {
        return DuckDBColumnType.valueOf(DuckDbSql.type(type));
    }
}
