package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The HTTP front of {@code .ci/clickhouse-current/chdb_http.py} speaks ClickHouse's HTTP protocol as the project's
 * client and the tests rely on it: status, body and headers of errors, users, readonly, per-query settings,
 * compressed bodies. Runs only against the front (on 18.16 it says so and skips): it tests the front, not ClickHouse.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ChdbFrontClickHouseTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private StoreUrl server;
    private ClickHouseTestSupport database;

    @BeforeAll
    void requireFront() {
        ClickHouseTestSupport.serverUrl();
        if (!ClickHouseTestSupport.isChdbFront(ClickHouseTestSupport.serverUrl())) {
            org.junit.jupiter.api.Assumptions.abort(ClickHouseTestSupport.visible("ChdbFrontClickHouseTest not run on "
                    + ClickHouseTestSupport.serverUrl() + ": it tests the chDB front of .ci/start-clickhouse-current"));
        }
        server = ClickHouseTestSupport.serverUrl();
        database = ClickHouseTestSupport.createDatabase();
    }

    @AfterAll
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private HttpResponse<byte[]> post(String params, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.httpEndpoint() + "/?database="
                + database.url().database() + params)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String params, String body) throws Exception {
        return post(params, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void pingAndAResultInTheAskedFormatWithItsHeaders() throws Exception {
        HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create(server.httpEndpoint() + "/ping"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("Ok.\n", ping.body());
        HttpResponse<byte[]> r = post("&default_format=CSVWithNames&query_id=q-1", "SELECT 1 AS a, 'x' AS b");
        assertEquals(200, r.statusCode());
        assertEquals("\"a\",\"b\"\n1,\"x\"\n", text(r));
        assertEquals("CSVWithNames", r.headers().firstValue("X-ClickHouse-Format").orElseThrow());
        assertEquals("q-1", r.headers().firstValue("X-ClickHouse-Query-Id").orElseThrow());
        assertEquals("UTC", r.headers().firstValue("X-ClickHouse-Timezone").orElseThrow());
        assertTrue(r.headers().firstValue("X-ClickHouse-Summary").orElseThrow().contains("\"read_rows\":\"1\""));
    }

    @Test
    void errorsAsClickHouseReportsThem() throws Exception {
        HttpResponse<byte[]> r = post("", "SELECT * FROM no_such_table");
        assertEquals(404, r.statusCode());
        assertEquals("60", r.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(text(r).startsWith("Code: 60. DB::Exception: "), text(r));
        assertTrue(text(r).contains("(UNKNOWN_TABLE) (version 26."), text(r));
        HttpResponse<byte[]> syntax = post("", "SELEC 1");
        assertEquals(400, syntax.statusCode());
        assertEquals("62", syntax.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
    }

    @Test
    void usersAndPasswords() throws Exception {
        HttpResponse<byte[]> wrong = post("&password=secret", "SELECT 1");
        assertEquals(403, wrong.statusCode());
        assertEquals("516", wrong.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertTrue(text(wrong).startsWith("Code: 516. DB::Exception: default: Authentication failed"), text(wrong));
        assertEquals(200, post("&user=default", "SELECT 1").statusCode());
    }

    @Test
    void readonlyAndGetRefuseWrites() throws Exception {
        HttpResponse<byte[]> r = post("&readonly=2", "CREATE TABLE t_ro (a UInt8) ENGINE = Memory");
        assertEquals("164", r.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertEquals("Code: 164. DB::Exception: default: Cannot execute query in readonly mode. (READONLY)",
                text(r).substring(0, text(r).indexOf(" (version")));
        assertEquals(200, post("&readonly=2", "SELECT 1").statusCode());
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(server.httpEndpoint() + "/?database="
                + database.url().database() + "&query=" + q("CREATE TABLE t_get (a UInt8) ENGINE = Memory"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("164", get.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
        assertEquals("0", text(post("", "SELECT count() FROM system.tables WHERE database = currentDatabase()"
                + " AND name IN ('t_ro', 't_get')")).strip(), "nothing created");
    }

    @Test
    void settingsHoldForTheirQueryOnlyAndUnknownOnesFail() throws Exception {
        assertEquals("2\n", text(post("&max_threads=2", "SELECT getSetting('max_threads')")));
        assertEquals("0\n", text(post("", "SELECT changed FROM system.settings WHERE name = 'max_threads'")),
                "reset after the query");
        HttpResponse<byte[]> unknown = post("&no_such_setting=1", "SELECT 1");
        assertEquals("115", unknown.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
    }

    @Test
    void insertDataInTheBodyPlainOrGzippedAndGzippedAnswers() throws Exception {
        assertEquals(200, post("", "CREATE TABLE t_in (a UInt32, b String) ENGINE = MergeTree ORDER BY a").statusCode());
        assertEquals(200, post("&query=" + q("INSERT INTO t_in FORMAT TabSeparated"), "1\tx\n2\ty\n").statusCode());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("3,\"z\"\n".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> zipped = post("&query=" + q("INSERT INTO t_in FORMAT CSV"), gz.toByteArray(),
                "Content-Encoding", "gzip");
        assertEquals(200, zipped.statusCode(), text(zipped));
        assertTrue(zipped.headers().firstValue("X-ClickHouse-Summary").orElseThrow().contains("\"written_rows\":\"1\""));
        HttpResponse<byte[]> answer = post("&enable_http_compression=1", "SELECT a, b FROM t_in ORDER BY a".getBytes(
                StandardCharsets.UTF_8), "Accept-Encoding", "gzip");
        assertEquals("gzip", answer.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("1\tx\n2\ty\n3\tz\n", gunzip(answer.body()));
        HttpResponse<byte[]> nativeCompression = post("&compress=1", "SELECT 1");
        assertEquals("1", nativeCompression.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
