package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.geoip.GeoIpTestFiles;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The read API against a store filled by the real jobs ({@code update citizenlab}, {@code update asnmeta},
 * {@code generate measurements} + {@code detect}) and MMDB files written by the tests, served in-process on a free
 * port. One server per class; tests only read, except the health test, which moves the server's clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(12));
    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp;
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private Warehouse warehouse;
    private ApiServer server;
    private HttpClient http;
    private String base;

    /** The --db URL of a fresh, empty store for this class. */
    abstract String dbUrl();

    @BeforeAll
    void loadAndServe(@TempDir Path dir) throws Exception {
        tmp = dir;
        Path config = tmp.resolve("analysis.toml");
        Path feeds = tmp.resolve("feeds");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 10
                [asnmeta]
                source = "%s"
                min_rows = 10
                [detector]
                domains = ["twitter.com", "t.me"]
                use_citizenlab = false
                feeds_dir = "%s"
                """.formatted(Path.of("examples/test-lists").toAbsolutePath(),
                Path.of("examples/asnmeta/all_as_org_map.json").toAbsolutePath(), feeds));
        cli(config, "update", "citizenlab");
        cli(config, "update", "asnmeta");
        cli(config, "generate", "measurements", "--from", T0.toString(), "--to", NOW.toString(), "--countries",
                "UG,IR", "--asns-per-country", "2", "--domains", "twitter.com,t.me", "--rate", "6", "--episodes", "4",
                "--seed", "3", "--replace");
        cli(config, "detect", "--from", T0.toString(), "--to", NOW.toString());
        GeoIpTestFiles.install(tmp.resolve("geoip"), "t");

        StoreUrl url = StoreUrl.parse(dbUrl());
        warehouse = Warehouses.open(url, true);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ApiSettings settings = new ApiSettings("127.0.0.1", 0, 4, 64, 500);
        server = ApiServer.start(new ApiContext(settings, warehouse, url.kind(), tmp.resolve("geoip"), feeds, 6,
                List.of("citizenlab", "fingerprints", "asnmeta", "geoip", "detect"),
                new ScheduleSettings(null, null, null, null, null, null), clock,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Log(quiet, false, false, clock)));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
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

    private void cli(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", dbUrl()));
        all.addAll(List.of(args));
        CliRun.Result r = CliRun.run(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
    }

    record Answer(int status, String contentType, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    Answer get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Answer post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    JsonNode ok(String pathAndQuery) throws Exception {
        Answer a = get(pathAndQuery);
        assertEquals(200, a.status(), pathAndQuery + " -> " + a.body());
        return a.json();
    }

    /** A 400 whose JSON error names what was wrong. */
    void bad(String pathAndQuery, String expectedInError) throws Exception {
        Answer a = get(pathAndQuery);
        assertEquals(400, a.status(), pathAndQuery + " -> " + a.body());
        assertEquals("application/json", a.contentType());
        String error = a.json().get("error").asText();
        assertTrue(error.contains(expectedInError), pathAndQuery + " -> " + error);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every citizenlab row as (domain, category_code, cc without NUL padding). */
    private List<List<String>> citizenlab() {
        List<List<String>> rows = new ArrayList<>();
        warehouse.forEachRow("SELECT domain, category_code, cc FROM citizenlab",
                r -> rows.add(List.of(r.get(0), r.get(1), r.get(2).replace("\0", "").toUpperCase(java.util.Locale.ROOT))));
        return rows;
    }

    private long count(String sql) {
        List<String> out = new ArrayList<>();
        warehouse.forEachRow(sql, r -> out.add(r.get(0)));
        return Long.parseLong(out.get(0));
    }

    @Test
    void asnmetaGivesTheLatestOrgNameOrUnknown() throws Exception {
        assertEquals("Level 3 Parent, LLC", ok("/api/_/asnmeta?asn=1").get("org_name").asText());
        assertEquals("Cogent Communications", ok("/api/_/asnmeta?asn=AS174").get("org_name").asText());
        assertEquals("Unknown", ok("/api/_/asnmeta?asn=123456").get("org_name").asText());
        bad("/api/_/asnmeta", "'asn' is required");
        bad("/api/_/asnmeta?asn=abc", "must be a number");
        bad("/api/_/asnmeta?asn=4294967296", "must be a number in 0..4294967295");
        bad("/api/_/asnmeta?asn=" + q("1' OR '1'='1"), "must be a number");
        bad("/api/_/asnmeta?asn=1&asn=2", "more than once");
        bad("/api/_/asnmeta?asn=1&org=x", "unknown parameter 'org'");
        bad("/api/_/asnmeta?asn=" + "1".repeat(5000), "longer than 4096");
    }

    @Test
    void testListGivesCountryAndGlobalRows() throws Exception {
        JsonNode all = ok("/api/v1/test-list/urls?country_code=IR");
        long expected = citizenlab().stream().filter(r -> Set.of("IR", "ZZ").contains(r.get(2))).count();
        assertEquals(expected, all.get("results").size());
        assertEquals(expected, all.get("metadata").get("count").asLong());
        Set<String> ccs = new HashSet<>();
        all.get("results").forEach(r -> ccs.add(r.get("country_code").asText()));
        assertEquals(Set.of("IR", "XX"), ccs);
        JsonNode first = all.get("results").get(0);
        assertTrue(first.has("category_code") && first.has("url"), first.toString());

        JsonNode news = ok("/api/v1/test-list/urls?country_code=ir&category_codes=XED,SRCH");
        assertFalse(news.get("results").isEmpty());
        news.get("results").forEach(r -> assertTrue(Set.of("XED", "SRCH").contains(r.get("category_code").asText())));
        assertEquals(citizenlab().stream().filter(r -> Set.of("IR", "ZZ").contains(r.get(2))
                && Set.of("XED", "SRCH").contains(r.get(1))).count(), news.get("results").size());
        assertEquals(5, ok("/api/v1/test-list/urls?country_code=IR&limit=5").get("results").size());
        // the server's cap (max_results = 500 here) bounds "all"
        assertTrue(ok("/api/v1/test-list/urls?limit=-1").get("results").size() <= 500);

        bad("/api/v1/test-list/urls?country_code=IRN", "two-letter country code");
        bad("/api/v1/test-list/urls?country_code=" + q("I'"), "two-letter country code");
        bad("/api/v1/test-list/urls?limit=abc", "'limit' must be an integer in -1..500");
        bad("/api/v1/test-list/urls?limit=0", "'limit' must be -1 (all)");
        bad("/api/v1/test-list/urls?limit=501", "'limit' must be an integer");
        bad("/api/v1/test-list/urls?category_codes=" + q("NEWS;DROP"), "comma-separated list");
        bad("/api/v1/test-list/urls?category_codes=" + q("NEWS,,X"), "comma-separated list");
    }

    @Test
    void domainMetadataPrefersGlobalRowsAndDefaultsToMisc() throws Exception {
        List<List<String>> rows = citizenlab().stream().filter(r -> r.get(2).equals("ZZ")
                && r.get(0).startsWith("www.")).sorted(java.util.Comparator.comparing(r -> r.get(0))).toList();
        String www = rows.get(0).get(0);
        String bare = www.substring(4);
        JsonNode found = ok("/api/_/domain_metadata?domain=" + bare);
        assertEquals(rows.get(0).get(1), found.get("category_code").asText());
        assertEquals(www, found.get("canonical_domain").asText());
        assertEquals(found, ok("/api/_/domain_metadata?domain=" + www));

        JsonNode none = ok("/api/_/domain_metadata?domain=www.not-in-any-list.example");
        assertEquals("MISC", none.get("category_code").asText());
        assertEquals("not-in-any-list.example", none.get("canonical_domain").asText());

        bad("/api/_/domain_metadata", "'domain' is required");
        bad("/api/_/domain_metadata?domain=" + q("a b.com"), "must be a domain name");
        bad("/api/_/domain_metadata?domain=" + q("x.com'; DROP TABLE citizenlab; --"), "must be a domain name");
        bad("/api/_/domain_metadata?domain=" + "a.".repeat(130) + "com", "at most 253 characters");
        bad("/api/_/domain_metadata?domain=" + q("ex\u0000ample.com"), "must be a domain name");
    }

    @Test
    void geolookupAnswersFromTheMmdbFiles() throws Exception {
        Answer a = post("/api/v1/geolookup", "{\"addresses\": [\"8.8.8.8\", \"1.1.1.1\", \"10.0.0.1\"]}");
        assertEquals(200, a.status(), a.body());
        JsonNode body = a.json();
        assertEquals(1, body.get("v").asInt());
        JsonNode g = body.get("geolocation");
        assertEquals(JSON.readTree("{\"cc\": \"US\", \"asn\": 15169, \"as_name\": \"Google LLC t\"}"), g.get("8.8.8.8"));
        assertEquals(JSON.readTree("{\"cc\": \"AU\", \"asn\": 13335, \"as_name\": \"Cloudflare, Inc. t\"}"),
                g.get("1.1.1.1"));
        assertEquals(JSON.readTree("{\"cc\": \"ZZ\", \"asn\": 0, \"as_name\": \"\"}"), g.get("10.0.0.1"));

        for (String[] c : new String[][] {
            {"not json", "body must be JSON"},
            {"{\"ips\": []}", "'addresses' array"},
            {"{\"addresses\": []}", "1..1000 addresses"},
            {"{\"addresses\": [\"example.com\"]}", "must hold IP addresses, not 'example.com'"},
            {"{\"addresses\": [42]}", "as strings"},
            {"{\"addresses\": [" + "\"1.1.1.1\",".repeat(1000) + "\"1.1.1.1\"]}", "1..1000 addresses"}}) {
            Answer r = post("/api/v1/geolookup", c[0]);
            assertEquals(400, r.status(), c[0]);
            assertTrue(r.json().get("error").asText().contains(c[1]), r.body());
        }
        Answer tooBig = post("/api/v1/geolookup", "{\"addresses\": [\"" + "1".repeat(70000) + "\"]}");
        assertEquals(413, tooBig.status());
        Answer wrongMethod = get("/api/v1/geolookup");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.json().get("error").asText().contains("use POST"));
    }

    @Test
    void changepointsAreTheStoredRowsOfTheWindow() throws Exception {
        JsonNode all = ok("/api/v1/detector/changepoints");
        long stored = count("SELECT count(*) FROM event_detector_changepoints");
        assertTrue(stored > 0);
        assertEquals(stored, all.get("results").size());
        JsonNode first = all.get("results").get(0);
        for (String field : List.of("probe_cc", "probe_asn", "domain", "ts", "block_type", "change_dir", "s_pos",
                "current_state", "detection_time")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        JsonNode ug = ok("/api/v1/detector/changepoints?probe_cc=UG&domain=twitter.com");
        assertEquals(count("SELECT count(*) FROM event_detector_changepoints WHERE probe_cc = 'UG'"
                + " AND domain = 'twitter.com'"), ug.get("results").size());
        ug.get("results").forEach(r -> assertEquals("UG", r.get("probe_cc").asText()));
        long asn = first.get("probe_asn").asLong();
        ok("/api/v1/detector/changepoints?probe_asn=AS" + asn).get("results")
                .forEach(r -> assertEquals(asn, r.get("probe_asn").asLong()));
        // a window before the data has nothing
        assertEquals(0, ok("/api/v1/detector/changepoints?since=2023-01-01&until=2023-02-01").get("results").size());

        bad("/api/v1/detector/changepoints?probe_asn=abc", "'probe_asn' must be a number");
        bad("/api/v1/detector/changepoints?probe_cc=U", "two-letter country code");
        bad("/api/v1/detector/changepoints?since=yesterday", "'since' must be a UTC date");
        bad("/api/v1/detector/changepoints?until=2024-02-30", "'until' must be a UTC date");
        bad("/api/v1/detector/changepoints?since=2024-03-02&until=2024-03-01", "must be before");
        bad("/api/v1/detector/changepoints?since=2020-01-01&until=2024-01-01", "at most 366 days");
        bad("/api/v1/detector/changepoints?domain=" + q("t.me' OR 1=1"), "must be a domain name");
    }

    @Test
    void eventsGroupTheChangepoints() throws Exception {
        JsonNode all = ok("/api/v1/detector/events").get("results");
        assertFalse(all.isEmpty());
        for (JsonNode e : all) {
            assertTrue(Set.of("UG", "IR").contains(e.get("probe_cc").asText()), e.toString());
            assertTrue(e.get("events").size() >= 1 && e.has("start") && e.has("ongoing"), e.toString());
        }
        JsonNode ir = ok("/api/v1/detector/events?probe_cc=IR").get("results");
        ir.forEach(e -> assertEquals("IR", e.get("probe_cc").asText()));
        assertEquals(all.size(), ir.size() + ok("/api/v1/detector/events?probe_cc=UG").get("results").size());
        bad("/api/v1/detector/events?probe_cc=12", "two-letter country code");
        bad("/api/v1/detector/events?format=csv", "unknown parameter 'format'");
    }

    @Test
    void feedsAreServedFromTheFeedsFolderOnly() throws Exception {
        Answer global = get("/feeds/global.xml");
        assertEquals(200, global.status());
        assertTrue(global.contentType().startsWith("application/rss+xml"));
        assertTrue(global.body().contains("<rss"), global.body());
        for (String path : List.of("/feeds/../analysis.toml", "/feeds/%2e%2e/analysis.toml", "/feeds/global.txt",
                "/feeds/by-country/ZZ.xml", "/feeds/")) {
            Answer a = get(path);
            assertEquals(404, a.status(), path);
            assertTrue(a.json().has("error"), path);
        }
    }

    @Test
    void unknownPathsAre404Json() throws Exception {
        Answer a = get("/api/v1/nothing-here");
        assertEquals(404, a.status());
        assertEquals("application/json", a.contentType());
        assertTrue(a.json().get("error").asText().contains("no such endpoint"));
        Answer post = post("/api/_/asnmeta?asn=1", "{}");
        assertEquals(405, post.status());
    }

    @Test
    void healthTurns503WhenAJobIsOverdue() throws Exception {
        JsonNode fine = ok("/health");
        assertEquals("ok", fine.get("status").asText());
        assertEquals(5, fine.get("jobs").size());
        try {
            now.set(NOW.plus(Duration.ofDays(30)));
            Answer late = get("/health");
            assertEquals(503, late.status());
            JsonNode body = late.json();
            assertEquals("overdue", body.get("status").asText());
            List<String> overdue = new ArrayList<>();
            body.get("overdue").forEach(n -> overdue.add(n.asText()));
            assertTrue(overdue.containsAll(List.of("citizenlab", "asnmeta", "detect")), overdue.toString());
            assertFalse(overdue.contains("fingerprints"), "never ran, so not overdue: " + overdue);
        } finally {
            now.set(NOW);
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        ok("/api/_/asnmeta?asn=1");
        Answer m = get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.contentType().startsWith("text/plain"));
        assertTrue(m.body().contains("ooni_api_requests_total{endpoint=\"/api/_/asnmeta\",status=\"200\"}"), m.body());
    }

    @Test
    void servesConcurrentLoadWithoutErrors() throws Exception {
        List<String> paths = List.of("/api/_/asnmeta?asn=1", "/api/v1/test-list/urls?country_code=IR&limit=20",
                "/api/_/domain_metadata?domain=example.com", "/api/v1/detector/changepoints?probe_cc=UG",
                "/health", "/feeds/global.xml");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int oks = 0;
                    for (int i = 0; i < 125; i++) {
                        Answer a = get(paths.get((thread + i) % paths.size()));
                        if (a.status() == 200) {
                            oks++;
                        }
                    }
                    return oks;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(8 * 125, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
