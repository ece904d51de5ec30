package org.ooni.analysis.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.ooni.analysis.error.StoreError;

/**
 * One JDBC connection to a DuckDB file: runs statements and queries, reads result rows as text, and turns every
 * {@link SQLException} into a one-line {@link StoreError} that names the file and what was being done.
 *
 * <p>Queries are prepared first: a failing plain {@code Statement} reports only "Attempting to execute an
 * unsuccessful or closed pending query result", while prepare gives DuckDB's own reason (read-only, file access
 * disabled, syntax).
 */
final class DuckDbConnection implements AutoCloseable {
    private static final DateTimeFormatter DATETIME_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATETIME_MICROS_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** Work done on the connection inside a transaction. */
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Binds a prepared statement's parameters before it runs. */
    private interface Binding {
        void bind(PreparedStatement st) throws SQLException;
    }

    private final String path;
    private final Connection connection;
    private final long threads;

    private DuckDbConnection(String path, Connection connection, long threads) {
        this.path = path;
        this.connection = connection;
        this.threads = threads;
    }

    /** Opens (creating it and its folder if needed) the DuckDB file; ":memory:" gives a throw-away database. */
    static DuckDbConnection open(String path, boolean readOnly) {
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
                return new DuckDbConnection(path, connection, rs.getLong(1));
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

    String describe() {
        return "duckdb:" + path;
    }

    /** DuckDB's thread count as this connection found it when it opened. */
    long threads() {
        return threads;
    }

    /** The JDBC connection, for what needs the driver's own API (registering a table function). */
    Connection jdbc() {
        return connection;
    }

    void execute(String what, String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** The first column of the first row, as a number: a count. */
    long queryLong(String what, String sql) {
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs a query and hands the column labels to {@code header} (unless null), then each row to {@code row}. */
    void query(String sql, Consumer<List<String>> header, Consumer<List<String>> row) {
        query("query", sql, st -> {
        }, header, row);
    }

    /**
     * Runs a query with each {@code ?} taking the next of {@code params} as a bound parameter, and hands each row to
     * {@code row}; the number of placeholders and values must agree.
     */
    void query(String what, String sql, List<?> params, Consumer<List<String>> row) {
        query(what, sql, st -> {
            int placeholders = st.getParameterMetaData().getParameterCount();
            if (placeholders != params.size()) {
                throw new IllegalArgumentException(params.size() + " values for " + placeholders + " placeholders");
            }
            for (int i = 0; i < params.size(); i++) {
                bind(st, i + 1, params.get(i));
            }
        }, null, row);
    }

    // The one loop over result rows: each row a new list of text values, SQL NULL as null.
    private void query(String what, String sql, Binding binding, Consumer<List<String>> header,
                       Consumer<List<String>> row) {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            binding.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                if (header != null) {
                    List<String> labels = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        labels.add(rs.getMetaData().getColumnLabel(i));
                    }
                    header.accept(labels);
                }
                while (rs.next()) {
                    List<String> values = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        values.add(text(rs, i));
                    }
                    row.accept(values);
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
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

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (a failure of
     * DuckDB's as a {@link StoreError}, anything else unchanged). Auto-commit is back on afterwards.
     */
    void inTransaction(String what, Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    StoreError failure(String what, SQLException e) {
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
