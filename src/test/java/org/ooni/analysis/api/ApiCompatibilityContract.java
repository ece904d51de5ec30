package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.geoip.GeoIpTestFiles;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The read API answers as the original OONI API (Flask, flask-cors, Werkzeug) does, one test per difference listed
 * in issue 20: CORS and preflight, HEAD, Cache-Control per endpoint, unknown and repeated parameters ignored, the
 * test list's {@code probe_cc}, {@code debug}, tolerant {@code limit} and {@code category_codes}, {@code
 * metadata.limit} of -1, geolookup's nulls, and the test-list order by weight from {@code url_priorities} and
 * {@code counters_asn_test_list} (with the plain order when those tables are missing). The store is filled by hand
 * with a small list whose weights are worked out in the comments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ApiCompatibilityContract {
    /** A Wednesday: this week starts on Sunday 2024-03-10, last week on 2024-03-03 (toStartOfWeek, mode 0). */
    static final Instant NOW = Instant.parse("2024-03-13T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp;
    private Warehouse warehouse;
    private ApiServer server;
    private HttpClient http;
    private String base;

    abstract String dbUrl();

    @BeforeAll
    void fillAndServe(@TempDir Path dir) throws Exception {
        tmp = dir;
        warehouse = Warehouses.open(StoreUrl.parse(dbUrl()), false);
        warehouse.createTableIfMissing(CitizenLabTable.LIVE);
        warehouse.insertRows(CitizenLabTable.LIVE, List.<Object[]>of(
                row("news.example", "https://news.example/", "ZZ", "NEWS"),
                row("humr.example", "https://humr.example/", "ZZ", "HUMR"),
                row("gmb.example", "https://gmb.example/", "ZZ", "GMB"),
                row("ir-news.example", "https://ir-news.example/", "ir", "NEWS"),
                row("ir-humr.example", "https://ir-humr.example/", "ir", "HUMR"),
                row("ir-porn.example", "https://ir-porn.example/", "ir", "PORN"),
                row("ru-news.example", "https://ru-news.example/", "RU", "NEWS")).iterator());
        warehouse.createTableIfMissing(AsnMetaTable.LIVE);
        warehouse.insertRows(AsnMetaTable.LIVE, List.<Object[]>of(new Object[] {174L, "Cogent Communications", "US",
                LocalDate.parse("2020-01-01"), "COGENT-174", "test"}).iterator());
        GeoIpTestFiles.install(tmp.resolve("geoip"), "t");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        server = ApiServer.start(new ApiContext(new ApiSettings("127.0.0.1", 0, 2, 16, 500, 30), warehouse,
                StoreUrl.parse(dbUrl()).kind(), tmp.resolve("geoip"), null, 6, List.of("citizenlab"),
                new ScheduleSettings(null, null, null, null, null, null), clock,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Log(quiet, false, false, clock)));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    private static Object[] row(String domain, String url, String cc, String category) {
        return new Object[] {domain, url, cc, category};
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> r = send("GET", pathAndQuery, null);
        assertEquals(200, r.statusCode(), pathAndQuery + " -> " + r.body());
        return JSON.readTree(r.body());
    }

    /** The URLs of a test-list answer, in order. */
    List<String> urls(String query) throws Exception {
        List<String> out = new ArrayList<>();
        ok("/api/v1/test-list/urls" + query).get("results").forEach(r -> out.add(r.get("url").asText()));
        return out;
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    @Order(1)
    void everyAnswerAllowsAnyOriginAsFlaskCorsDoes() throws Exception {
        for (String path : List.of("/api/_/asnmeta?asn=174", "/api/_/asnmeta?asn=abc", "/api/v1/nothing",
                "/api/v1/test-list/urls")) {
            HttpResponse<String> r = send("GET", path, null, "Origin", "https://explorer.example.org");
            assertEquals("*", header(r, "Access-Control-Allow-Origin"), path);
        }
        assertEquals("*", header(send("POST", "/api/v1/geolookup", "{\"addresses\": [\"8.8.8.8\"]}"),
                "Access-Control-Allow-Origin"));
    }

    @Test
    @Order(2)
    void preflightOptionsIsAnsweredForKnownPaths() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/api/v1/geolookup", null, "Origin", "https://explorer.example.org",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Content-Type, X-Requested-With");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("", r.body());
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertEquals("POST, OPTIONS", header(r, "Access-Control-Allow-Methods"));
        assertEquals("content-type, x-requested-with", header(r, "Access-Control-Allow-Headers"));
        assertEquals("POST, OPTIONS", header(r, "Allow"));

        HttpResponse<String> plain = send("OPTIONS", "/api/v1/test-list/urls", null);
        assertEquals(200, plain.statusCode());
        assertEquals("GET, HEAD, OPTIONS", header(plain, "Allow"));
        assertEquals(null, header(plain, "Access-Control-Allow-Methods"));
        assertEquals(404, send("OPTIONS", "/api/v1/nothing", null).statusCode());
    }

    @Test
    @Order(3)
    void headIsGetWithoutTheBody() throws Exception {
        HttpResponse<String> get = send("GET", "/api/_/asnmeta?asn=174", null);
        HttpResponse<String> head = send("HEAD", "/api/_/asnmeta?asn=174", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length), header(head, "Content-Length"));
        assertEquals("application/json", header(head, "Content-Type"));
        assertEquals("max-age=7200", header(head, "Cache-Control"));
        HttpResponse<String> headOnPost = send("HEAD", "/api/v1/geolookup", null);
        assertEquals(405, headOnPost.statusCode());
        assertEquals("POST, OPTIONS", header(headOnPost, "Allow"));
    }

    @Test
    @Order(4)
    void cacheControlIsTheOriginalsPerEndpoint() throws Exception {
        assertEquals("max-age=7200", header(send("GET", "/api/_/asnmeta?asn=174", null), "Cache-Control"));
        assertEquals("max-age=7200", header(send("GET", "/api/_/domain_metadata?domain=news.example", null),
                "Cache-Control"));
        assertEquals("max-age=1", header(send("GET", "/api/v1/test-list/urls?country_code=IR", null),
                "Cache-Control"));
        assertEquals("max-age=0, no-cache", header(send("POST", "/api/v1/geolookup",
                "{\"addresses\": [\"8.8.8.8\"]}"), "Cache-Control"));
        assertEquals("no-cache", header(send("GET", "/api/_/asnmeta", null), "Cache-Control"));
    }

    @Test
    @Order(5)
    void unknownAndRepeatedParametersAreIgnored() throws Exception {
        assertEquals("Cogent Communications", ok("/api/_/asnmeta?asn=174&_=1700000000").get("org_name").asText());
        assertEquals("Cogent Communications", ok("/api/_/asnmeta?asn=174&asn=1").get("org_name").asText());
        assertEquals("NEWS", ok("/api/_/domain_metadata?domain=news.example&_=1").get("category_code").asText());
        assertEquals(urls("?country_code=IR"), urls("?country_code=IR&country_code=RU&_=123&page=2"));
        HttpResponse<String> geo = send("POST", "/api/v1/geolookup?_=1", "{\"addresses\": [\"8.8.8.8\"]}");
        assertEquals(200, geo.statusCode(), geo.body());
    }

    @Test
    @Order(6)
    void geolookupAnswersNullsForUnknownAddresses() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/geolookup", "{\"addresses\": [\"10.0.0.1\", \"8.8.8.8\"]}");
        JsonNode g = JSON.readTree(r.body()).get("geolocation");
        assertEquals(JSON.readTree("{\"cc\": null, \"asn\": null, \"as_name\": null}"), g.get("10.0.0.1"));
        assertEquals(JSON.readTree("{\"cc\": \"US\", \"asn\": 15169, \"as_name\": \"Google LLC t\"}"), g.get("8.8.8.8"));
    }

    /** Without url_priorities and counters_asn_test_list: country rows first, then by category and URL. */
    @Test
    @Order(7)
    void withoutThePriorityTablesTheListKeepsThePlainOrder() throws Exception {
        List<String> plain = List.of("https://ir-humr.example/", "https://ir-news.example/",
                "https://ir-porn.example/", "https://gmb.example/", "https://humr.example/", "https://news.example/");
        assertEquals(plain, urls("?country_code=IR"));
        assertEquals(plain, urls("?probe_cc=IR"));
        assertEquals(plain, urls("?country_code=&probe_cc=ir"));
        JsonNode body = ok("/api/v1/test-list/urls?country_code=IR&limit=3");
        assertEquals(JSON.readTree("{\"count\": 3, \"current_page\": -1, \"limit\": -1, \"next_url\": \"\", \"pages\": 1}"),
                body.get("metadata"));
        assertEquals("XX", ok("/api/v1/test-list/urls?country_code=IR").get("results").get(3).get("country_code")
                .asText());
        assertEquals(plain.subList(0, 1), urls("?country_code=IR&limit=0"));
        assertEquals(plain.subList(0, 1), urls("?country_code=IR&limit=-2"));
        assertEquals(plain, urls("?country_code=IR&limit=-1"));
        assertEquals(plain, urls("?country_code=IR&limit=99999"));
        List<String> newsAndHumr = List.of("https://ir-humr.example/", "https://ir-news.example/",
                "https://humr.example/", "https://news.example/");
        assertEquals(newsAndHumr, urls("?country_code=IR&category_codes=NEWS,HUMR"));
        assertEquals(newsAndHumr, urls("?country_code=IR&category_codes=" + URLEncoder.encode("NEWS, HUMR",
                StandardCharsets.UTF_8)));
        assertEquals(newsAndHumr, urls("?country_code=IR&category_codes=NEWS,,humr,"));
        assertEquals(List.of("https://gmb.example/", "https://humr.example/", "https://news.example/"), urls(""));
    }

    /**
     * With the two tables, entries go by weight = priority / max(msmt_cnt, 0.1), highest first:
     * ir-news 110 / 0.1 = 1100 (its only count is three weeks old), ir-humr 60 / 0.1 = 600 (the RU count is not
     * IR's), humr (global, so the IR rule applies without its cc being compared) 60 / 6 = 10, ir-porn 15 / 3 = 5,
     * news 110 / (30 + 20) = 2.2; gmb has 10 - 20 = -10 and is dropped; the RU rule is not fetched for IR.
     */
    @Test
    @Order(8)
    void withThePriorityTablesTheListGoesByWeight() throws Exception {
        warehouse.createTableIfMissing(PriorityTables.URL_PRIORITIES);
        warehouse.insertRows(PriorityTables.URL_PRIORITIES, List.<Object[]>of(
                new Object[] {"*", "*", "*", "*", 10L},
                new Object[] {"NEWS", "", "", "", 100L},
                new Object[] {"GMB", "", "", "", -20L},
                new Object[] {"HUMR", "IR", "", "", 50L},
                new Object[] {"", "", "ir-porn.example", "", 5L},
                new Object[] {"", "RU", "", "", 1000L}).iterator());
        warehouse.createTableIfMissing(PriorityTables.COUNTERS);
        LocalDate week = LocalDate.parse("2024-03-10");
        warehouse.insertRows(PriorityTables.COUNTERS, List.<Object[]>of(
                new Object[] {week, "IR", 1L, "https://news.example/", 30L},
                new Object[] {week.minusWeeks(1), "IR", 2L, "https://news.example/", 20L},
                new Object[] {week.minusWeeks(2), "IR", 1L, "https://ir-news.example/", 1000L},
                new Object[] {week, "IR", 1L, "https://humr.example/", 6L},
                new Object[] {week, "RU", 1L, "https://ir-humr.example/", 900L},
                new Object[] {week, "IR", 1L, "https://ir-porn.example/", 3L}).iterator());

        List<String> ranked = List.of("https://ir-news.example/", "https://ir-humr.example/", "https://humr.example/",
                "https://ir-porn.example/", "https://news.example/");
        assertEquals(ranked, urls("?country_code=IR"));
        assertEquals(ranked.subList(0, 2), urls("?country_code=IR&limit=2"));
        assertEquals(ranked.subList(0, 1), urls("?country_code=IR&limit=0"));
        assertEquals(List.of("https://ir-news.example/", "https://ir-humr.example/", "https://humr.example/",
                "https://news.example/"), urls("?probe_cc=IR&category_codes=" + URLEncoder.encode(" news , HUMR",
                StandardCharsets.UTF_8)));

        JsonNode debug = ok("/api/v1/test-list/urls?country_code=IR&debug=true");
        assertEquals(JSON.readTree("{\"category_code\": \"NEWS\", \"url\": \"https://ir-news.example/\","
                + " \"country_code\": \"IR\", \"msmt_cnt\": 0, \"priority\": 110, \"weight\": 1100.0}"),
                debug.get("results").get(0));
        JsonNode last = debug.get("results").get(4);
        assertEquals(50, last.get("msmt_cnt").asLong());
        assertEquals(2.2, last.get("weight").asDouble(), 1e-9);
        assertEquals("XX", last.get("country_code").asText());
        assertTrue(!ok("/api/v1/test-list/urls?country_code=IR").get("results").get(0).has("weight"));
        assertEquals(5, debug.get("metadata").get("count").asInt());
        assertEquals(-1, debug.get("metadata").get("limit").asInt());
    }
}
