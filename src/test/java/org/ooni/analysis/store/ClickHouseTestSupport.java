package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away database on the ClickHouse server that {@code CLICKHOUSE_URL} names, for integration tests.
 *
 * <p>{@code CLICKHOUSE_URL} is a {@code clickhouse://USER:PASSWORD@HOST:PORT/DATABASE} URL ({@code .ci/run} sets
 * it). Without it a test is skipped with a visible message, except under {@code CI=true}, where it fails: in CI
 * the ClickHouse tests must run. Typical use, one database per test class (creating it in {@code @BeforeAll}
 * also skips the whole class at once; a class that makes databases per test calls {@link #serverUrl()} there):
 *
 * <pre>{@code
 * private static ClickHouseTestSupport clickhouse;
 *
 * @BeforeAll static void createDatabase() { clickhouse = ClickHouseTestSupport.createDatabase(); }
 * @AfterAll static void dropDatabase() { clickhouse.close(); }
 *
 * @Test void loads() { try (Warehouse w = clickhouse.open(false)) { ... } }
 * }</pre>
 */
public final class ClickHouseTestSupport implements AutoCloseable {
    private final StoreUrl server;
    private final StoreUrl url;

    private ClickHouseTestSupport(StoreUrl server, StoreUrl url) {
        this.server = server;
        this.url = url;
    }

    /** The server URL from {@code CLICKHOUSE_URL}; skips the calling test when unset (fails it under CI=true). */
    public static StoreUrl serverUrl() {
        String value = System.getenv("CLICKHOUSE_URL");
        if (value == null || value.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CLICKHOUSE_URL not set but CI=true: ClickHouse tests must run in CI (see .ci/run)");
            }
            Assumptions.abort(visible("CLICKHOUSE_URL not set: ClickHouse tests skipped"));
        }
        return StoreUrl.parse(value);
    }

    /**
     * Skips the calling test when {@code CLICKHOUSE_URL} names the chDB front of {@code .ci/start-clickhouse-current}
     * (ClickHouse 26.x as a library behind a single-threaded HTTP front), printing the test's name and the reason
     * visibly. For tests of the front's limits (docs/operations.md), not of ClickHouse's behaviour.
     */
    public static void skipOnChdbFront(String test, String reason) {
        StoreUrl server = serverUrl();
        if (isChdbFront(server)) {
            Assumptions.abort(visible(test + " not run on the chDB front at " + server + ": " + reason));
        }
    }

    /** Skips the calling test, printing its name and the reason visibly (a server without what it tests). */
    public static void skip(String test, String reason) {
        Assumptions.abort(visible(test + " not run on " + serverUrl() + ": " + reason));
    }

    /** True when the server answers /ping as the chDB front does (its Server header). */
    public static boolean isChdbFront(StoreUrl server) {
        try {
            java.net.http.HttpResponse<Void> ping = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.httpEndpoint() + "/ping"))
                            .timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return ping.headers().firstValue("Server").orElse("").startsWith("chdb-http");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("ping " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinging " + server, e);
        }
    }

    // Surefire sends System.out/err of tests to report files and prints no skip reason, so the notice goes to the
    // test JVM's own stderr, which Maven shows on the console.
    static String visible(String message) {
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println("[WARNING] " + message);
        console.flush();
        return message;
    }

    /** Creates an empty database named {@code test_<random hex>} on the server; {@link #close} drops it. */
    public static ClickHouseTestSupport createDatabase() {
        StoreUrl server = serverUrl();
        String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (ClickHouseHttp http = new ClickHouseHttp(server, false)) {
            http.execute("create database " + name, "CREATE DATABASE " + ClickHouseSql.identifier(name));
        }
        return new ClickHouseTestSupport(server, new StoreUrl(StoreUrl.Kind.CLICKHOUSE, null, server.https(),
                server.user(), server.password(), server.host(), server.port(), name));
    }

    /** The URL of the throw-away database, e.g. to pass as {@code --db} to a command under test. */
    public StoreUrl url() {
        return url;
    }

    /** The throw-away database as a {@code --db} argument, password included (StoreUrl.toString masks it). */
    public String dbArgument() {
        // StoreUrl.parse decodes the user info, so a password with reserved characters must go encoded.
        String auth = url.password() == null || url.password().isEmpty() ? url.user()
                : url.user() + ":" + java.net.URLEncoder.encode(url.password(), java.nio.charset.StandardCharsets.UTF_8);
        return (url.https() ? "clickhouse+https://" : "clickhouse://") + auth + "@" + url.host() + ":" + url.port()
                + "/" + url.database();
    }

    /** Opens a warehouse on the throw-away database; the caller closes it. */
    public Warehouse open(boolean readOnly) {
        return Warehouses.open(url, readOnly);
    }

    /** Drops the throw-away database and everything in it. */
    @Override
    public void close() {
        try (ClickHouseHttp http = new ClickHouseHttp(server, false)) {
            http.execute("drop database " + url.database(),
                    "DROP DATABASE IF EXISTS " + ClickHouseSql.identifier(url.database()));
        }
    }
}
