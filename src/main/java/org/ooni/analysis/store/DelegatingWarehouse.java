package org.ooni.analysis.store;

import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A warehouse with every call passed through to another one: wrappers that watch or alter one call (the daemon's
 * staging tracker, the tests' fault injectors) extend it and override only that call.
 */
public class DelegatingWarehouse implements Warehouse {
    protected final Warehouse real;

    public DelegatingWarehouse(Warehouse real) {
        this.real = real;
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public StoreUrl.Kind kind() {
        return real.kind();
    }

    @Override
    public String version() {
        return real.version();
    }

    @Override
    public void createTableFromDdl(String table, String ddl) {
        real.createTableFromDdl(table, ddl);
    }

    @Override
    public long insertText(String table, List<String> columns, Iterator<String[]> rows) {
        return real.insertText(table, columns, rows);
    }

    @Override
    public void createTableIfMissing(TableSchema schema) {
        real.createTableIfMissing(schema);
    }

    @Override
    public void recreateTable(TableSchema schema) {
        real.recreateTable(schema);
    }

    @Override
    public boolean createTableExclusive(TableSchema schema) {
        return real.createTableExclusive(schema);
    }

    @Override
    public void dropTableIfExists(String table) {
        real.dropTableIfExists(table);
    }

    @Override
    public boolean tableExists(String table) {
        return real.tableExists(table);
    }

    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        return real.insertRows(schema, rows);
    }

    @Override
    public long countRows(String table) {
        return real.countRows(table);
    }

    @Override
    public long countRowsMissingFrom(String table, String other, List<String> columns) {
        return real.countRowsMissingFrom(table, other, columns);
    }

    @Override
    public void swap(List<SwapPair> pairs) {
        real.swap(pairs);
    }

    @Override
    public void streamQuery(String sql, OutputFormat format, OutputStream out) {
        real.streamQuery(sql, format, out);
    }

    @Override
    public void forEachRow(String sql, Consumer<List<String>> row) {
        real.forEachRow(sql, row);
    }

    @Override
    public void forEachRow(String sql, List<?> params, Consumer<List<String>> row) {
        real.forEachRow(sql, params, row);
    }

    @Override
    public List<String> listTables() {
        return real.listTables();
    }

    @Override
    public TableInfo describeTable(String table) {
        return real.describeTable(table);
    }

    @Override
    public void exportCsv(String table, RowRange range, OutputStream out) {
        real.exportCsv(table, range, out);
    }

    @Override
    public Fingerprint fingerprint(String table, RowRange range) {
        return real.fingerprint(table, range);
    }

    @Override
    public Fingerprint exportCsvWithFingerprint(String table, RowRange range, OutputStream out) {
        return real.exportCsvWithFingerprint(table, range, out);
    }

    @Override
    public List<String> months(String table, String column) {
        return real.months(table, column);
    }

    @Override
    public Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows) {
        return real.keysetPageEnd(table, column, kind, after, rows);
    }

    @Override
    public Optional<String> readState(String key) {
        return real.readState(key);
    }

    @Override
    public void writeState(String key, String value) {
        real.writeState(key, value);
    }

    @Override
    public void close() {
        real.close();
    }
}
