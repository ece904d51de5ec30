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

    /** Which back end this is: what a backup's manifest records and a restore compares against. */
    StoreUrl.Kind kind();

    /** The server's version as it reports it ({@code SELECT version()}), e.g. {@code 18.16.1} or {@code v1.5.0}. */
    String version();

    /**
     * Drops {@code table} if it exists and runs {@code ddl}, one {@code CREATE TABLE} statement that creates it:
     * how a restore recreates the DDL a backup recorded, with every type, default and codec as it was.
     */
    void createTableFromDdl(String table, String ddl);

    /**
     * Appends rows given as text: each value is the text the store parses for its column's type (ClickHouse's
     * text of the value, e.g. {@code ['a','b']} for an array; DuckDB's cast from VARCHAR), null for NULL. Batched like {@link #insertRows}.
     *
     * @return the number of rows written
     */
    long insertText(String table, List<String> columns, Iterator<String[]> rows);

    /** Creates the table if it does not exist; an existing table is left as it is. */
    void createTableIfMissing(TableSchema schema);

    /** Drops the table if it exists and creates it empty: how a staging table starts each run. */
    void recreateTable(TableSchema schema);

    /**
     * Creates the table in one statement that fails when it exists: true when this call created it, false when it
     * was already there. Of two callers racing on one name exactly one gets true, on every back end (the server
     * serialises CREATEs of one name); run leases build on that.
     */
    boolean createTableExclusive(TableSchema schema);

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

    /**
     * Like {@link #forEachRow(String, Consumer)}, with each {@code ?} placeholder of {@code sql} (outside quotes)
     * taking the next value of {@code params} as a bound parameter: input never becomes SQL text. Values are
     * {@code String}, {@code Long}, {@code Integer}, {@code LocalDate} or {@code Instant}. DuckDB binds them in a
     * prepared statement; ClickHouse renders each as a typed literal (see {@link ClickHouseWarehouse}).
     */
    void forEachRow(String sql, List<?> params, Consumer<List<String>> row);

    /** Names of the tables in the store's current database, sorted. */
    List<String> listTables();

    /** A live table's columns with native types, sort key and DDL, for backups and restores. */
    TableInfo describeTable(String table);

    /**
     * Streams the rows of {@code table} in {@code range} (every row when null) as CSVWithNames in the store's own
     * CSV dialect; a failing {@code out} surfaces as an unchecked exception, not a StoreError.
     */
    void exportCsv(String table, RowRange range, OutputStream out);

    /** Row count and order-independent hash of the rows in {@code range} (all when null), computed by the store. */
    Fingerprint fingerprint(String table, RowRange range);

    /**
     * {@link #exportCsv} that also returns the fingerprint of exactly the rows it streamed. ClickHouse computes each
     * row's hash in the export query itself (one query, and the fingerprint is of the very rows sent). This default
     * reads {@link #fingerprint} before and after the export and throws {@link RowsChanged} when they differ (a
     * change undone during the export goes unseen) or when the CSV records streamed are not as many as its rows.
     */
    default Fingerprint exportCsvWithFingerprint(String table, RowRange range, OutputStream out) {
        Fingerprint before = fingerprint(table, range);
        CsvRecordCounter csv = new CsvRecordCounter(out);
        exportCsv(table, range, csv);
        Fingerprint after = fingerprint(table, range);
        if (!after.equals(before)) {
            throw new RowsChanged(table + ": rows changed during the export (fingerprint " + before + " before, "
                    + after + " after)");
        }
        if (csv.records() - 1 != after.rows()) {
            throw new RowsChanged(table + ": " + (csv.records() - 1) + " CSV records streamed for a fingerprint of "
                    + after.rows() + " rows");
        }
        return after;
    }

    /** The distinct months of a date or date/time column as {@code YYYYMM}, ascending. */
    List<String> months(String table, String column);

    /**
     * Where the next keyset page ends: the largest of the first {@code rows} values of {@code column} (in sort
     * order) above {@code after} (from the start when null); empty when no value is above it.
     */
    Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows);

    /** Reads a small job state value (e.g. the last loaded commit id), kept in the store itself. */
    Optional<String> readState(String key);

    void writeState(String key, String value);

    @Override
    void close();
}
