package org.ooni.analysis.store;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.ooni.analysis.error.StoreError;

/**
 * The HTTP conversation with one ClickHouse server through client-v2, set up so that servers as old as 18.16
 * understand it, and turning every client or server failure into a one-line {@link StoreError}.
 *
 * <p>What 18.16 needs, found against the Debian package:
 * <ul>
 *   <li>It ignores the {@code X-ClickHouse-Database} and {@code X-ClickHouse-Format} headers that client-v2
 *       sends, so the database also goes in the {@code database} URL parameter and the result format in the
 *       {@code default_format} parameter (newer servers read both as well; the values agree).</li>
 *   <li>client-v2 asks for a compressed response by default ({@code compress=1}); reading it from 18.16 gives an
 *       empty body, so compression is off both ways.</li>
 *   <li>With the options above client-v2 0.10.0 sends no other server setting, so no "unknown setting" error.</li>
 *   <li>Read-only mode sends {@code readonly=2} with every request: writes and DDL are refused by the server,
 *       while {@code default_format}, a setting on newer servers, may still be set (readonly=1 would refuse it).</li>
 * </ul>
 */
final class ClickHouseHttp implements AutoCloseable {
    /** Reads a response body; the stream is closed by the caller. */
    interface Body<T> {
        T read(InputStream in) throws IOException;
    }

    /** What the connection may do. */
    enum Access {
        READ_WRITE,
        /** readonly=2: no writes or DDL, settings may change. */
        READ_ONLY,
        /**
         * readonly=1: no writes, no setting changes, no table functions ({@code file}, {@code url}, {@code remote}).
         * The result format then goes in the SQL ({@code FORMAT x}), since {@code default_format} is a setting.
         */
        SEALED
    }

    private final StoreUrl url;
    private final Client client;
    private final Access access;

    ClickHouseHttp(StoreUrl url, boolean readOnly) {
        this(url, readOnly ? Access.READ_ONLY : Access.READ_WRITE);
    }

    ClickHouseHttp(StoreUrl url, Access access) {
        this.url = url;
        this.access = access;
        Client.Builder builder = new Client.Builder()
                .addEndpoint(url.httpEndpoint())
                .setUsername(url.user())
                .setPassword(url.password() == null ? "" : url.password())
                .setDefaultDatabase(url.database())
                .serverSetting("database", url.database())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                // below the server's keep_alive_timeout (3 s by default on old servers), so a pooled
                // connection is never reused just as the server closes it
                .setKeepAliveTimeout(2, ChronoUnit.SECONDS);
        if (access != Access.READ_WRITE) {
            builder.serverSetting("readonly", access == Access.SEALED ? "1" : "2");
        }
        try {
            this.client = builder.build();
        } catch (RuntimeException e) {
            throw failure("set up client", e);
        }
    }

    /** Runs a statement that returns no rows (DDL, RENAME, EXCHANGE). */
    void execute(String what, String sql) {
        try (CommandResponse ignored = await(client.execute(sql, new CommandSettings()))) {
            // the response has no body worth reading; closing it returns the connection to the pool
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** Runs a query with its result in the given text format and hands the body to the reader. */
    <T> T query(String what, String sql, ClickHouseFormat format, Body<T> body) {
        QuerySettings settings = new QuerySettings().setFormat(format);
        String text = sql;
        if (access == Access.SEALED) {
            refuseExternalTableFunctions(sql);
            text = sql.strip().replaceAll(";+$", "").strip() + "\nFORMAT " + format.name();
        } else {
            settings.serverSetting("default_format", format.name());
        }
        QueryResponse response;
        try {
            response = await(client.query(text, settings));
        } catch (Exception e) {
            throw failure(what, e);
        }
        try (response; InputStream in = response.getInputStream()) {
            return body.read(in);
        } catch (RuntimeException e) {
            // the reader's own failure (e.g. a job's validation error raised in a row consumer) passes unchanged
            throw e;
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    // Table functions that reach files, URLs, other servers or programs. readonly=1 forbids every table function
    // on 18.16, but newer servers (26.x through the chDB front) ran url() under readonly=1: refuse them here too.
    private static final java.util.regex.Pattern EXTERNAL_TABLE_FUNCTION = java.util.regex.Pattern.compile(
            "(?i)\\b(file|url|urlCluster|remote|remoteSecure|cluster|clusterAllReplicas|s3|s3Cluster|gcs|hdfs"
                    + "|hdfsCluster|azureBlobStorage|azureBlobStorageCluster|mysql|postgresql|sqlite|mongodb|redis|jdbc"
                    + "|odbc|executable|input|iceberg\\w*|deltaLake\\w*|hudi\\w*|fileCluster)\\s*\\(");

    private void refuseExternalTableFunctions(String sql) {
        java.util.regex.Matcher m = EXTERNAL_TABLE_FUNCTION.matcher(sql);
        if (m.find()) {
            throw new StoreError(url + ": query: Table functions are forbidden in readonly mode (" + m.group(1)
                    + "(...) reaches outside the database)");
        }
    }

    /** Sends TabSeparated rows for the named columns of a table in one INSERT. */
    void insert(String what, String table, List<String> columns, InputStream tsv) {
        insert(what, table, columns, tsv, ClickHouseFormat.TabSeparated);
    }

    /** Streams rows in the given input format for the named columns of a table in one INSERT. */
    void insert(String what, String table, List<String> columns, InputStream data, ClickHouseFormat format) {
        try (InsertResponse ignored = await(client.insert(table, columns, data, format, new InsertSettings()))) {
            // 18.16 sends no summary header, so the written-row count is the caller's own
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    String describe() {
        return url.toString();
    }

    StoreError failure(String what, Exception e) {
        if (e instanceof StoreError se) {
            return se;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreError(url + ": " + what + ": " + reason(e), e);
    }

    // The server's own message says what went wrong; for a client failure the innermost cause
    // (e.g. "Connection refused") is the informative one.
    static String reason(Throwable e) {
        if (e instanceof ServerException) {
            return firstLine(e.getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = firstLine(e.getMessage());
        return root == e ? outer : outer + " (" + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        return DuckDbConnection.firstLine(message == null ? null : message.strip());
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            throw failure("close", e);
        }
    }
}
