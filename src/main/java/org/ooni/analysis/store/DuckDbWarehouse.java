package org.ooni.analysis.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunctionBuilder;
import org.ooni.analysis.error.StoreError;

/** The embedded default store: one DuckDB file, opened in-process through JDBC. */
public final class DuckDbWarehouse implements Warehouse {
    private static final DateTimeFormatter DATETIME_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATETIME_MICROS_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final String path;
    private final Connection connection;
    // DuckDB's thread count as this connection found it, given back after each insert (see insertRows)
    private final long threads;
    private boolean rowSourceRegistered;

    private DuckDbWarehouse(String path, Connection connection, long threads) {
        this.path = path;
        this.connection = connection;
        this.threads = threads;
    }

    /** Opens (creating it and its folder if needed) the DuckDB file; ":memory:" gives a throw-away database. */
    public static DuckDbWarehouse open(String path, boolean readOnly) {
        try {
            Properties props = new Properties();
            if (!path.equals(":memory:")) {
                Path parent = Path.of(path).toAbsolutePath().getParent();
                if (parent != null && !readOnly) {
                    Files.createDirectories(parent);
                }
                if (readOnly && !Files.exists(Path.of(path))) {
                    throw new StoreError("duckdb:" + path + ": database file does not exist");
                }
                if (readOnly) {
                    props.setProperty("duckdb.read_only", "true");
                }
            }
            String url = path.equals(":memory:") ? "jdbc:duckdb:" : "jdbc:duckdb:" + path;
            Connection connection = DriverManager.getConnection(url, props);
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('threads')")) {
                rs.next();
                return new DuckDbWarehouse(path, connection, rs.getLong(1));
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException | IOException e) {
            String reason = firstLine(e.getMessage());
            // DuckDB's own text names only the pid; say what that process probably is and what to do instead
            String hint = reason.contains("Could not set lock on file") ? " (another process has this DuckDB file "
                    + "open, e.g. a daemon or serve: only one process can hold a file that is written; run the API "
                    + "inside the daemon with 'daemon --serve', see docs/daemon.md)" : "";
            throw new StoreError("duckdb:" + path + ": cannot open: " + reason + hint, e);
        }
    }

    /** Read-only, with no file system or network access that SQL could ask for (COPY TO, read_csv, ATTACH). */
    public static DuckDbWarehouse openSealed(String path) {
        DuckDbWarehouse wh = open(path, true);
        try (Statement st = wh.connection.createStatement()) {
            st.execute("SET enable_external_access = false");
            // nor can a query turn it back on
            st.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            wh.close();
            throw wh.failure("seal for queries", e);
        }
        return wh;
    }

    @Override
    public String describe() {
        return "duckdb:" + path;
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
        execute("create table " + table + " from DDL", "DROP TABLE IF EXISTS " + quote(identifier(table)) + "; " + ddl);
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

    static String renderType(ColumnType type) {
        return switch (type.kind()) {
            case STRING, FIXED_STRING, ENUM8 -> "VARCHAR";
            case UINT8 -> "UTINYINT";
            case UINT32 -> "UINTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP";
        };
    }

    static String createTableSql(TableSchema schema, boolean ifNotExists) {
        String cols = schema.columns().stream()
                .map(c -> quote(c.name()) + " " + renderType(c.type()) + " NOT NULL")
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + quote(schema.name()) + " (" + cols + ")";
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    @Override
    public void createTableIfMissing(TableSchema schema) {
        execute("create table " + schema.name(), createTableSql(schema, true));
    }

    @Override
    public void recreateTable(TableSchema schema) {
        execute("recreate table " + schema.name(),
                "DROP TABLE IF EXISTS " + quote(schema.name()) + "; " + createTableSql(schema, false));
    }

    @Override
    public boolean createTableExclusive(TableSchema schema) {
        try {
            execute("create table " + schema.name(), createTableSql(schema, false));
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
        execute("drop table " + table, "DROP TABLE IF EXISTS " + quote(identifier(table)));
    }

    @Override
    public boolean tableExists(String table) {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw failure("check table " + table, e);
        }
    }

    /**
     * Inserts all rows with one {@code INSERT … SELECT} from {@link DuckDbRowSource}, a table function that DuckDB
     * pulls the rows from a chunk at a time, on this thread (the statement runs with one DuckDB thread). One
     * statement is one transaction in auto-commit mode, so the table holds all of the rows or none of them; outside
     * auto-commit mode the caller owns the transaction. A failure of the rows comes out unchanged; one of DuckDB's
     * (a row the table refuses) as a {@link StoreError}.
     */
    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        registerRowSource();
        String columns = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        DuckDbRowFeed feed = new DuckDbRowFeed(describe(), schema, rows);
        long id = DuckDbRowSource.open(feed);
        // The row source is one stream, so the insert is one pipeline: run by one of DuckDB's workers, it leaves this
        // (the client) thread polling for the result, a core's worth of CPU taken from the thread that produces the
        // rows (1 CPU-s more per million asnmeta rows, docs/asnmeta.md). With one thread the client
        // thread runs the pipeline itself. The setting is the database's, so queries that run beside the insert in
        // this process get one thread for its duration too.
        try (Statement st = connection.createStatement()) {
            setThreads(1);
            st.executeLargeUpdate("INSERT INTO " + quote(schema.name()) + " (" + columns + ") SELECT * FROM "
                    + DuckDbRowSource.NAME + "(" + id + ")");
        } catch (SQLException e) {
            Throwable cause = feed.failure();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw failure("insert into " + schema.name() + " after " + feed.served() + " rows", e);
        } finally {
            DuckDbRowSource.close(id);
            // a new statement: DuckDB closes the one whose statement failed
            setThreads(threads);
        }
        return feed.served();
    }

    private void setThreads(long count) {
        try (Statement st = connection.createStatement()) {
            st.execute("SET threads = " + count);
        } catch (SQLException e) {
            throw failure("set threads to " + count, e);
        }
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
            if (queryLong("look up " + DuckDbRowSource.NAME, "SELECT count(*) FROM duckdb_functions() WHERE "
                    + "function_name = '" + DuckDbRowSource.NAME + "'") == 0) {
                try (DuckDBTableFunctionBuilder builder = DuckDBFunctions.tableFunction()) {
                    builder.withName(DuckDbRowSource.NAME).withParameter(DuckDBColumnType.BIGINT)
                            .withFunction(new DuckDbRowSource()).register(connection);
                }
            }
        } catch (SQLException e) {
            throw failure("register the row source for inserts", e);
        }
        rowSourceRegistered = true;
    }

    @Override
    public long countRows(String table) {
        return queryLong("count " + table, "SELECT count(*) FROM " + quote(identifier(table)));
    }

    @Override
    public long countRowsMissingFrom(String table, String other, List<String> columns) {
        // NOT EXISTS rather than EXCEPT ALL: a row counts when no row of other is equal, duplicates included,
        // as the interface says and as ClickHouse's NOT IN does
        String match = columns.stream().map(c -> "t." + quote(identifier(c)) + " IS NOT DISTINCT FROM o." + quote(c))
                .collect(Collectors.joining(" AND "));
        return queryLong("diff " + table + " against " + other, "SELECT count(*) FROM " + quote(identifier(table))
                + " AS t WHERE NOT EXISTS (SELECT 1 FROM " + quote(identifier(other)) + " AS o WHERE " + match + ")");
    }

    @Override
    public void swap(List<SwapPair> pairs) {
        try {
            connection.setAutoCommit(false);
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
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("swap " + pairs, e);
        }
    }

    @Override
    public void streamQuery(String sql, OutputFormat format, OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        // Prepared first: a failing plain Statement reports only "Attempting to execute an unsuccessful or closed
        // pending query result", while prepare gives DuckDB's own reason (read-only, file access disabled, syntax).
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                header.add(rs.getMetaData().getColumnLabel(i));
            }
            writeRow(w, format, header);
            List<String> values = new ArrayList<>(n);
            while (rs.next()) {
                values.clear();
                for (int i = 1; i <= n; i++) {
                    values.add(text(rs, i));
                }
                writeRow(w, format, values);
            }
            w.flush();
        } catch (SQLException e) {
            throw failure("query", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRow(Writer w, OutputFormat format, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (format == OutputFormat.TSV_WITH_NAMES) {
                if (i > 0) {
                    w.write('\t');
                }
                TextFormats.writeTsvField(w, values.get(i));
            } else {
                if (i > 0) {
                    w.write(',');
                }
                TextFormats.writeCsvValue(w, values.get(i));
            }
        }
        w.write(format == OutputFormat.TSV_WITH_NAMES ? "\n" : "\r\n");
    }

    @Override
    public void forEachRow(String sql, Consumer<List<String>> row) {
        // Prepared first: a failing plain Statement reports only "Attempting to execute an unsuccessful or closed
        // pending query result", while prepare gives DuckDB's own reason (read-only, file access disabled, syntax).
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    values.add(text(rs, i));
                }
                row.accept(values);
            }
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    @Override
    public void forEachRow(String sql, List<?> params, Consumer<List<String>> row) {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int placeholders = st.getParameterMetaData().getParameterCount();
            if (placeholders != params.size()) {
                throw new IllegalArgumentException(params.size() + " values for " + placeholders + " placeholders");
            }
            for (int i = 0; i < params.size(); i++) {
                bind(st, i + 1, params.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        values.add(text(rs, i));
                    }
                    row.accept(values);
                }
            }
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    private static void bind(PreparedStatement st, int index, Object value) throws SQLException {
        if (value instanceof String s) {
            st.setString(index, s);
        } else if (value instanceof Long n) {
            st.setLong(index, n);
        } else if (value instanceof Integer n) {
            st.setInt(index, n);
        } else if (value instanceof LocalDate d) {
            st.setObject(index, d);
        } else if (value instanceof Instant t) {
            st.setObject(index, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        } else {
            throw new IllegalArgumentException("cannot bind a " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    // JDBC renders a TIMESTAMP as "2024-02-29 23:59:58.0"; both back ends write DATETIME as ClickHouse does,
    // "2024-02-29 23:59:58", keeping a fraction only when there is one
    private static String text(ResultSet rs, int column) throws SQLException {
        if (rs.getMetaData().getColumnType(column) != Types.TIMESTAMP) {
            return rs.getString(column);
        }
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : (t.getNano() == 0 ? DATETIME_TEXT : DATETIME_MICROS_TEXT).format(t);
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
        String name = string(identifier(table));
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
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("[(,]\\s*(?:\"" + java.util.regex.Pattern.quote(
                column.replace("\"", "\"\"")) + "\"|" + java.util.regex.Pattern.quote(column) + ")\\s+"
                + java.util.regex.Pattern.quote(type) + "\\s+GENERATED\\s+ALWAYS\\s+AS\\b",
                java.util.regex.Pattern.CASE_INSENSITIVE);
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
        streamQuery("SELECT " + columns + " FROM " + quote(identifier(table)) + where(range),
                OutputFormat.CSV_WITH_NAMES, out);
    }

    @Override
    public Fingerprint fingerprint(String table, RowRange range) {
        String columns = describeTable(table).columnNames().stream().map(DuckDbWarehouse::quote)
                .collect(Collectors.joining(", "));
        List<String> row = new ArrayList<>();
        forEachRow("SELECT count(*), CAST(coalesce(sum(hash(" + columns + ")), 0) AS VARCHAR) FROM "
                + quote(identifier(table)) + where(range), row::addAll);
        return new Fingerprint(Long.parseLong(row.get(0)), row.get(1));
    }

    @Override
    public List<String> months(String table, String column) {
        List<String> months = new ArrayList<>();
        forEachRow("SELECT DISTINCT strftime(" + quote(identifier(column)) + ", '%Y%m') AS m FROM "
                + quote(identifier(table)) + " ORDER BY m", r -> months.add(r.get(0)));
        return months;
    }

    @Override
    public Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows) {
        String col = quote(identifier(column));
        List<String> row = new ArrayList<>();
        forEachRow("SELECT count(*), CAST(max(" + col + ") AS VARCHAR) FROM (SELECT " + col + " FROM "
                + quote(identifier(table)) + where(new RowRange(column, kind, after, false, null, false))
                + " ORDER BY " + col + " LIMIT " + rows + ")", row::addAll);
        return row.get(0).equals("0") ? Optional.empty() : Optional.of(row.get(1));
    }

    private static String where(RowRange range) {
        return range == null ? "" : " WHERE " + range.sql(DuckDbWarehouse::quote, DuckDbWarehouse::string);
    }

    private static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public Optional<String> readState(String key) {
        if (!tableExists(StateTable.SCHEMA.name())) {
            return Optional.empty();
        }
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT value FROM analysis_state WHERE key = ? ORDER BY updated DESC LIMIT 1")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read state " + key, e);
        }
    }

    @Override
    public void writeState(String key, String value) {
        createTableIfMissing(StateTable.SCHEMA);
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM analysis_state WHERE key = ?");
                 PreparedStatement ins = connection.prepareStatement("INSERT INTO analysis_state VALUES (?, ?, ?)")) {
                del.setString(1, key);
                del.executeUpdate();
                ins.setString(1, key);
                ins.setString(2, value);
                ins.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
                ins.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write state " + key, e);
        }
    }

    private void execute(String what, String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private long queryLong(String what, String sql) {
        // Prepared first: a failing plain Statement reports only "Attempting to execute an unsuccessful or closed
        // pending query result", while prepare gives DuckDB's own reason (read-only, file access disabled, syntax).
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static String identifier(String name) {
        TableSchema.requireIdentifier(name);
        return name;
    }

    private StoreError failure(String what, SQLException e) {
        return new StoreError(describe() + ": " + what + ": " + firstLine(e.getMessage()), e);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
