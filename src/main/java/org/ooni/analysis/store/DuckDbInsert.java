package org.ooni.analysis.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.stream.Collectors;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunctionBuilder;

/** Bulk inserts into one DuckDB connection: each call one {@code INSERT … SELECT} from {@link DuckDbRowSource}. */
final class DuckDbInsert {
    private final DuckDbConnection db;
    private boolean rowSourceRegistered;

    DuckDbInsert(DuckDbConnection db) {
        this.db = db;
    }

    /**
     * Inserts all rows with one {@code INSERT … SELECT} from {@link DuckDbRowSource}, a table function that DuckDB
     * pulls the rows from a chunk at a time, on this thread (the statement runs with one DuckDB thread). One
     * statement is one transaction in auto-commit mode, so the table holds all of the rows or none of them; outside
     * auto-commit mode the caller owns the transaction. A failure of the rows comes out unchanged; one of DuckDB's
     * (a row the table refuses) as a {@link org.ooni.analysis.error.StoreError}.
     */
    long rows(TableSchema schema, Iterator<Object[]> rows) {
        registerRowSource();
        String columns = schema.columns().stream().map(c -> DuckDbSql.quote(c.name()))
                .collect(Collectors.joining(", "));
        DuckDbRowFeed feed = new DuckDbRowFeed(db.describe(), schema, rows);
        long id = DuckDbRowSource.open(feed);
        // The row source is one stream, so the insert is one pipeline: run by one of DuckDB's workers, it leaves this
        // (the client) thread polling for the result, a core's worth of CPU taken from the thread that produces the
        // rows (1 CPU-s more per million asnmeta rows, docs/asnmeta.md). With one thread the client
        // thread runs the pipeline itself. The setting is the database's, so queries that run beside the insert in
        // this process get one thread for its duration too.
        try (Statement st = db.jdbc().createStatement()) {
            setThreads(1);
            st.executeLargeUpdate("INSERT INTO " + DuckDbSql.quote(schema.name()) + " (" + columns + ") SELECT * FROM "
                    + DuckDbRowSource.NAME + "(" + id + ")");
        } catch (SQLException e) {
            Throwable cause = feed.failure();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw db.failure("insert into " + schema.name() + " after " + feed.served() + " rows", e);
        } finally {
            DuckDbRowSource.close(id);
            // a new statement: DuckDB closes the one whose statement failed; the count the connection found is
            // given back
            setThreads(db.threads());
        }
        return feed.served();
    }

    private void setThreads(long count) {
        db.execute("set threads to " + count, "SET threads = " + count);
    }

    /**
     * Registers {@code ooni_rows} in this database unless an earlier connection of this JVM did: the function
     * lives as long as the database instance, which may outlive this connection (see {@link DuckDbRowSource}).
     */
    private void registerRowSource() {
        if (rowSourceRegistered) {
            return;
        }
        try {
            if (db.queryLong("look up " + DuckDbRowSource.NAME, "SELECT count(*) FROM duckdb_functions() WHERE "
                    + "function_name = '" + DuckDbRowSource.NAME + "'") == 0) {
                try (DuckDBTableFunctionBuilder builder = DuckDBFunctions.tableFunction()) {
                    builder.withName(DuckDbRowSource.NAME).withParameter(DuckDBColumnType.BIGINT)
                            .withFunction(new DuckDbRowSource()).register(db.jdbc());
                }
            }
        } catch (SQLException e) {
            throw db.failure("register the row source for inserts", e);
        }
        rowSourceRegistered = true;
    }
}
