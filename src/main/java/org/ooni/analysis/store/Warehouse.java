package org.ooni.analysis.store;

import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one store interface every job uses; implemented by DuckDB (embedded default) and ClickHouse.
 * All methods throw {@link org.ooni.analysis.error.StoreError} on failure.
 */
public interface Warehouse extends AutoCloseable {

    /** Connection string with any password masked, for logs and errors. */
    String describe();

    /** Creates the table if it does not exist; an existing table is left as it is. */
    void createTableIfMissing(TableSchema schema);

    /** Drops the table if it exists and creates it empty: how a staging table starts each run. */
    void recreateTable(TableSchema schema);

    /** Drops the table if it exists. */
    void dropTableIfExists(String table);

    boolean tableExists(String table);

    /**
     * Appends rows, in batches so memory stays bounded whatever the row count. Each row holds one value per
     * declared column, in order, as {@code String}, {@code Number}, {@code LocalDate} or {@code Instant}.
     *
     * @return the number of rows written
     */
    long insertRows(TableSchema schema, Iterator<Object[]> rows);

    long countRows(String table);

    /**
     * Counts rows of {@code table} whose values in {@code columns} have no equal row in {@code other}:
     * the "added" side of a diff when table is the new data and other the live table.
     */
    long countRowsMissingFrom(String table, String other, List<String> columns);

    /**
     * Swaps each staging table with its live table so a reader sees either all old or all new tables.
     * A live table that does not exist yet is created empty first. DuckDB does all pairs in one transaction;
     * ClickHouse does what the server allows (see README).
     */
    void swap(List<SwapPair> pairs);

    /** Runs a read-only query and streams its result in the given format. */
    void streamQuery(String sql, OutputFormat format, OutputStream out);

    /** Runs a read-only query and hands each row to the consumer as strings (SQL NULL as null). */
    void forEachRow(String sql, Consumer<List<String>> row);

    /** Reads a small job state value (e.g. the last loaded commit id), kept in the store itself. */
    Optional<String> readState(String key);

    void writeState(String key, String value);

    @Override
    void close();
}
