package org.ooni.analysis.daemon;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.OutputFormat;
import org.ooni.analysis.store.RowRange;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.Warehouse;

/**
 * A store seen by one daemon run that remembers the staging tables the run started ({@link #recreateTable} is how
 * every scheduled job starts one), so an aborted run can drop them. Everything else goes straight through.
 */
final class StagingTracker implements Warehouse {
    private final Warehouse store;
    private final Set<String> staging = new LinkedHashSet<>();

    StagingTracker(Warehouse store) {
        this.store = store;
    }

    /** The staging tables this run created, in order. */
    synchronized List<String> stagingTables() {
        return new ArrayList<>(staging);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void createTableIfMissing(TableSchema schema) {
        store.createTableIfMissing(schema);
    }

    @Override
    public void recreateTable(TableSchema schema) {
        synchronized (this) {
            staging.add(schema.name());
        }
        store.recreateTable(schema);
    }

    @Override
    public void dropTableIfExists(String table) {
        store.dropTableIfExists(table);
    }

    @Override
    public boolean tableExists(String table) {
        return store.tableExists(table);
    }

    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        return store.insertRows(schema, rows);
    }

    @Override
    public long countRows(String table) {
        return store.countRows(table);
    }

    @Override
    public long countRowsMissingFrom(String table, String other, List<String> columns) {
        return store.countRowsMissingFrom(table, other, columns);
    }

    @Override
    public void swap(List<SwapPair> pairs) {
        store.swap(pairs);
    }

    @Override
    public void streamQuery(String sql, OutputFormat format, OutputStream out) {
        store.streamQuery(sql, format, out);
    }

    @Override
    public void forEachRow(String sql, Consumer<List<String>> row) {
        store.forEachRow(sql, row);
    }

    @Override
    public void forEachRow(String sql, List<?> params, Consumer<List<String>> row) {
        store.forEachRow(sql, params, row);
    }

    @Override
    public List<String> listTables() {
        return store.listTables();
    }

    @Override
    public TableInfo describeTable(String table) {
        return store.describeTable(table);
    }

    @Override
    public void exportCsv(String table, RowRange range, OutputStream out) {
        store.exportCsv(table, range, out);
    }

    @Override
    public Fingerprint fingerprint(String table, RowRange range) {
        return store.fingerprint(table, range);
    }

    @Override
    public List<String> months(String table, String column) {
        return store.months(table, column);
    }

    @Override
    public Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows) {
        return store.keysetPageEnd(table, column, kind, after, rows);
    }

    @Override
    public Optional<String> readState(String key) {
        return store.readState(key);
    }

    @Override
    public void writeState(String key, String value) {
        store.writeState(key, value);
    }

    /** The run does not own the connection: the CLI runtime that opened it closes it. */
    @Override
    public void close() {
    }
}
