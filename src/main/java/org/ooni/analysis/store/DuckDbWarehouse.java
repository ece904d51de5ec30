package org.ooni.analysis.store;

import static org.ooni.analysis.store.DuckDbSql.identifier;
import static org.ooni.analysis.store.DuckDbSql.quote;
import static org.ooni.analysis.store.DuckDbSql.where;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ooni.analysis.error.StoreError;

/**
 * The embedded default store: one DuckDB file, opened in-process through JDBC. The SQL text comes from
 * {@link DuckDbSql}, statements run on a {@link DuckDbConnection}, and rows go in through {@link DuckDbInsert}.
 */
public final class DuckDbWarehouse implements Warehouse {
    private final DuckDbConnection db;
    private final DuckDbInsert insert;

    private DuckDbWarehouse(DuckDbConnection db) {
        this.db = db;
        this.insert = new DuckDbInsert(db);
    }

    /** Opens (creating it and its folder if needed) the DuckDB file; ":memory:" gives a throw-away database. */
    public static DuckDbWarehouse open(String path, boolean readOnly) {
        return new DuckDbWarehouse(DuckDbConnection.open(path, readOnly));
    }

    /** Read-only, with no file system or network access that SQL could ask for (COPY TO, read_csv, ATTACH). */
    public static DuckDbWarehouse openSealed(String path) {
        DuckDbConnection db = DuckDbConnection.open(path, true);
        try {
            db.execute("seal for queries", "SET enable_external_access = false");
            // nor can a query turn it back on
            db.execute("seal for queries", "SET lock_configuration = true");
        } catch (StoreError e) {
            db.close();
            throw e;
        }
        return new DuckDbWarehouse(db);
    }

    @Override
    public String describe() {
        return db.describe();
    }

    @Override
    public StoreUrl.Kind kind() {
        return StoreUrl.Kind.DUCKDB;
    }

    @Override
    public String version() {
        List<String> row = new ArrayList<>();
        forEachRow("SELECT version()", row::addAll);
        return row.get(0);
    }

    @Override
    public void createTableFromDdl(String table, String ddl) {
        db.execute("create table " + table + " from DDL", "DROP TABLE IF EXISTS " + identifier(table) + "; " + ddl);
    }

    /**
     * The values go in as VARCHAR through the row source and DuckDB casts each to its column's type on insert,
     * the cast that reads back what {@link #exportCsv} wrote.
     */
    @Override
    public long insertText(String table, List<String> columns, Iterator<String[]> rows) {
        TableSchema text = new TableSchema(table, columns.stream().map(c -> new Column(c, ColumnType.STRING)).toList(),
                List.of(), Engine.MERGE_TREE);
        return insertRows(text, new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                return rows.next();
            }
        });
    }

    @Override
    public void createTableIfMissing(TableSchema schema) {
        db.execute("create table " + schema.name(), DuckDbSql.createTable(schema, true));
    }

    @Override
    public void recreateTable(TableSchema schema) {
        db.execute("recreate table " + schema.name(),
                "DROP TABLE IF EXISTS " + quote(schema.name()) + "; " + DuckDbSql.createTable(schema, false));
    }

    @Override
    public boolean createTableExclusive(TableSchema schema) {
        try {
            db.execute("create table " + schema.name(), DuckDbSql.createTable(schema, false));
            return true;
        } catch (StoreError e) {
            if (tableExists(schema.name())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void dropTableIfExists(String table) {
        db.execute("drop table " + table, "DROP TABLE IF EXISTS " + identifier(table));
    }

    @Override
    public boolean tableExists(String table) {
        List<String> count = new ArrayList<>();
        db.query("check table " + table, "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                + "current_schema() AND table_name = ?", List.of(table), count::addAll);
        return Long.parseLong(count.get(0)) > 0;
    }

    /** See {@link DuckDbInsert#rows}. */
    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        return insert.rows(schema, rows);
    }

    @Override
    public long countRows(String table) {
        return db.queryLong("count " + table, "SELECT count(*) FROM " + identifier(table));
    }

    @Override
    public long countRowsMissingFrom(String table, String other, List<String> columns) {
        // NOT EXISTS rather than EXCEPT ALL: a row counts when no row of other is equal, duplicates included,
        // as the interface says and as ClickHouse's NOT IN does
        String match = columns.stream().map(c -> "t." + identifier(c) + " IS NOT DISTINCT FROM o." + quote(c))
                .collect(Collectors.joining(" AND "));
        return db.queryLong("diff " + table + " against " + other, "SELECT count(*) FROM " + identifier(table)
                + " AS t WHERE NOT EXISTS (SELECT 1 FROM " + identifier(other) + " AS o WHERE " + match + ")");
    }

    /** All pairs in one transaction: a reader sees every old table or every new one. */
    @Override
    public void swap(List<SwapPair> pairs) {
        db.inTransaction("swap " + pairs, connection -> {
            try (Statement st = connection.createStatement()) {
                for (SwapPair pair : pairs) {
                    String live = quote(pair.live());
                    String staging = quote(pair.staging());
                    String aside = quote(pair.live() + "_swap_aside");
                    if (!tableExists(pair.live())) {
                        st.execute("CREATE TABLE " + live + " AS SELECT * FROM " + staging + " LIMIT 0");
                    }
                    st.execute("ALTER TABLE " + live + " RENAME TO " + aside);
                    st.execute("ALTER TABLE " + staging + " RENAME TO " + live);
                    st.execute("ALTER TABLE " + aside + " RENAME TO " + staging);
                }
            }
        });
    }

    @Override
    public void streamQuery(String sql, OutputFormat format, OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Consumer<List<String>> write = values -> {
            try {
                TextFormats.writeRow(w, format, values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        db.query(sql, write, write);
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void forEachRow(String sql, Consumer<List<String>> row) {
        db.query(sql, null, row);
    }

    @Override
    public void forEachRow(String sql, List<?> params, Consumer<List<String>> row) {
        db.query("query", sql, params, row);
    }

    @Override
    public List<String> listTables() {
        List<String> names = new ArrayList<>();
        forEachRow("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name", r -> names.add(r.get(0)));
        return names;
    }

    /**
     * The table's stored columns (a generated column, {@code AS (expr)}, is left out: it is computed on read and
     * refuses inserts, so a backup carries only what it is computed from, as on ClickHouse) and its DDL.
     */
    @Override
    public TableInfo describeTable(String table) {
        TableSchema.requireIdentifier(table);
        String name = DuckDbSql.string(table);
        List<String> ddl = new ArrayList<>();
        forEachRow("SELECT sql FROM duckdb_tables() WHERE schema_name = current_schema() AND table_name = " + name,
                r -> ddl.add(r.get(0)));
        String sql = ddl.isEmpty() ? "" : ddl.get(0);
        List<TableInfo.NativeColumn> columns = new ArrayList<>();
        forEachRow("SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_schema"
                + " = current_schema() AND table_name = " + name + " ORDER BY ordinal_position", r -> {
                    if (r.get(2) == null || !generated(sql, r.get(0), r.get(1))) {
                        columns.add(new TableInfo.NativeColumn(r.get(0), r.get(1)));
                    }
                });
        if (columns.isEmpty()) {
            throw new StoreError(describe() + ": describe " + table + ": no such table");
        }
        // DuckDB tables have no sort key; keyset chunking then needs the key named in the configuration
        return new TableInfo(table, columns, List.of(), sql);
    }

    // DuckDB's DDL writes a generated column as `name TYPE GENERATED ALWAYS AS(expr)`; information_schema only
    // shows its expression as the column's default
    private static boolean generated(String ddl, String column, String type) {
        Pattern p = Pattern.compile("[(,]\\s*(?:\"" + Pattern.quote(column.replace("\"", "\"\"")) + "\"|"
                + Pattern.quote(column) + ")\\s+" + Pattern.quote(type) + "\\s+GENERATED\\s+ALWAYS\\s+AS\\b",
                Pattern.CASE_INSENSITIVE);
        return p.matcher(ddl).find();
    }

    /**
     * Every column goes out as DuckDB's own cast to VARCHAR, the text that casts back to the same value (JDBC's
     * rendering of a MAP or a TIMESTAMP WITH TIME ZONE is Java's and does not, nor does its rendering of a TIMESTAMP
     * {@code infinity}); a TIMESTAMP's text is ClickHouse's DateTime text, {@code 2024-02-29 23:59:58}, with the
     * fraction of a second when there is one ({@code .5}). NULL is an empty field and the empty string {@code ""}.
     */
    @Override
    public void exportCsv(String table, RowRange range, OutputStream out) {
        String columns = describeTable(table).columns().stream()
                .map(c -> "CAST(" + quote(c.name()) + " AS VARCHAR) AS " + quote(c.name()))
                .collect(Collectors.joining(", "));
        streamQuery("SELECT " + columns + " FROM " + identifier(table) + where(range), OutputFormat.CSV_WITH_NAMES, out);
    }

    @Override
    public Fingerprint fingerprint(String table, RowRange range) {
        String columns = describeTable(table).columnNames().stream().map(DuckDbSql::quote)
                .collect(Collectors.joining(", "));
        List<String> row = new ArrayList<>();
        forEachRow("SELECT count(*), CAST(coalesce(sum(hash(" + columns + ")), 0) AS VARCHAR) FROM "
                + identifier(table) + where(range), row::addAll);
        return new Fingerprint(Long.parseLong(row.get(0)), row.get(1));
    }

    @Override
    public List<String> months(String table, String column) {
        List<String> months = new ArrayList<>();
        forEachRow("SELECT DISTINCT strftime(" + identifier(column) + ", '%Y%m') AS m FROM "
                + identifier(table) + " ORDER BY m", r -> months.add(r.get(0)));
        return months;
    }

    @Override
    public Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows) {
        String col = identifier(column);
        List<String> row = new ArrayList<>();
        forEachRow("SELECT count(*), CAST(max(" + col + ") AS VARCHAR) FROM (SELECT " + col + " FROM "
                + identifier(table) + where(new RowRange(column, kind, after, false, null, false))
                + " ORDER BY " + col + " LIMIT " + rows + ")", row::addAll);
        return row.get(0).equals("0") ? Optional.empty() : Optional.of(row.get(1));
    }

    @Override
    public Optional<String> readState(String key) {
        if (!tableExists(StateTable.SCHEMA.name())) {
            return Optional.empty();
        }
        List<String> value = new ArrayList<>();
        db.query("read state " + key, "SELECT value FROM analysis_state WHERE key = ? ORDER BY updated DESC LIMIT 1",
                List.of(key), r -> value.add(r.get(0)));
        return value.isEmpty() ? Optional.empty() : Optional.of(value.get(0));
    }

    @Override
    public void writeState(String key, String value) {
        createTableIfMissing(StateTable.SCHEMA);
        db.inTransaction("write state " + key, connection -> {
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM analysis_state WHERE key = ?");
                 PreparedStatement ins = connection.prepareStatement("INSERT INTO analysis_state VALUES (?, ?, ?)")) {
                del.setString(1, key);
                del.executeUpdate();
                ins.setString(1, key);
                ins.setString(2, value);
                ins.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
                ins.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
