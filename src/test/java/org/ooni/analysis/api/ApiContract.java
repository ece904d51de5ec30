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

    /** Skips the load test where the store cannot serve queries concurrently; every store here can. */
    void assumeConcurrentStore() {
    }

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
        server = serve(new ApiSettings("127.0.0.1", 0, 4, 64, 500, 30));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    /** A server on this class's store, feeds and GeoIP files, with the movable test clock. */
    ApiServer serve(ApiSettings settings) throws java.io.IOException {
        return serve(settings, tmp.resolve("feeds"));
    }

    /** The same with another feeds folder. */
    ApiServer serve(ApiSettings settings, Path feedsDir) throws java.io.IOException {
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
        return ApiServer.start(new ApiContext(settings, warehouse, StoreUrl.parse(dbUrl()).kind(), tmp.resolve("geoip"),
                feedsDir, 6, List.of("citizenlab", "fingerprints", "asnmeta", "geoip", "detect"),
                new ScheduleSettings(null, null, null, null, null, null), clock,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Log(quiet, false, false, clock)));
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
        // as the original (Flask's request.args.get): a repeated parameter keeps its first value, unknown ones are ignored
        assertEquals("Level 3 Parent, LLC", ok("/api/_/asnmeta?asn=1&asn=2&org=x&_=123").get("org_name").asText());
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
        bad("/api/v1/test-list/urls?limit=abc", "'limit' must be an integer, not 'abc'");
        bad("/api/v1/test-list/urls?category_codes=" + q("NEWS;DROP"), "comma-separated list");
        bad("/api/v1/test-list/urls?category_codes=" + q("NEWS,,X-Y"), "comma-separated list");
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
        assertEquals(JSON.readTree("{\"cc\": null, \"asn\": null, \"as_name\": null}"), g.get("10.0.0.1"));

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

    /**
     * A symbolic link placed in the feeds folder is never followed, whether it points out of the folder or inside
     * it, and whether it is the feed itself or its subfolder: each is a 404 naming the feed, and the file it points
     * to is not sent.
     */
    @Test
    void symbolicLinksInTheFeedsFolderAreNotFollowed() throws Exception {
        Path feeds = tmp.resolve("linked-feeds");
        Path outside = tmp.resolve("outside");
        Files.createDirectories(feeds.resolve("by-country"));
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.xml"), "<secret/>");
        Files.writeString(outside.resolve("AS7.xml"), "<secret/>");
        Files.writeString(feeds.resolve("by-country/UG.xml"), "<rss>UG</rss>");
        Files.createSymbolicLink(feeds.resolve("global.xml"), outside.resolve("secret.xml"));
        Files.createSymbolicLink(feeds.resolve("by-country/IR.xml"), feeds.resolve("by-country/UG.xml"));
        Files.createSymbolicLink(feeds.resolve("by-asn"), outside);
        try (ApiServer s = serve(new ApiSettings("127.0.0.1", 0, 2, 8, 500, 30), feeds)) {
            String at = "http://127.0.0.1:" + s.port();
            HttpResponse<String> real = http.send(HttpRequest.newBuilder(URI.create(at + "/feeds/by-country/UG.xml"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, real.statusCode());
            assertEquals("<rss>UG</rss>", real.body());
            for (String name : List.of("global.xml", "by-country/IR.xml", "by-asn/AS7.xml")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(at + "/feeds/" + name)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), name);
                assertEquals("{\"error\":\"feed " + name + " is not a regular file in the feeds folder; links are "
                        + "not followed\"}", r.body());
            }
        }
        assertEquals("<secret/>", Files.readString(outside.resolve("secret.xml")));
    }

    /**
     * One bad parameter of each kind (type, range, length, allowed characters, unknown name on our own endpoints)
     * for every endpoint that takes parameters, each a 400 with a JSON body naming the parameter and the rule.
     */
    @Test
    void everyKindOfBadParameterIsA400NamingTheRule() throws Exception {
        String[][] cases = {
            // asnmeta: type, range, characters, empty, encoding
            {"/api/_/asnmeta?asn=-1", "'asn' must be a number in 0..4294967295, not '-1'"},
            {"/api/_/asnmeta?asn=AS", "'asn' must be a number"},
            {"/api/_/asnmeta?asn=99999999999", "'asn' must be a number in 0..4294967295"},
            {"/api/_/asnmeta?asn=" + q("１７４"), "'asn' must be a number"},
            {"/api/_/asnmeta?asn=", "'asn' is required"},
            // test-list: range, type, length, count, characters
            {"/api/v1/test-list/urls?limit=9999999999999999999", "'limit' must be an integer"},
            {"/api/v1/test-list/urls?limit=1.5", "'limit' must be an integer"},
            {"/api/v1/test-list/urls?category_codes=" + "A".repeat(17), "at most 16 each"},
            {"/api/v1/test-list/urls?category_codes=" + String.join(",", java.util.stream.IntStream.range(0, 65)
                    .mapToObj(n -> "C" + (char) ('A' + n % 26) + (char) ('A' + n / 26)).toList()), "more than 64 codes"},
            {"/api/v1/test-list/urls?category_codes=" + q("NE WS"), "comma-separated list"},
            {"/api/v1/test-list/urls?country_code=" + q("ÍR"), "two-letter country code"},
            // domain_metadata: characters, label length, shape
            {"/api/_/domain_metadata?domain=" + q("exämple.com"), "must be a domain name"},
            {"/api/_/domain_metadata?domain=" + "a".repeat(64) + ".com", "must be a domain name"},
            {"/api/_/domain_metadata?domain=-example.com", "must be a domain name"},
            {"/api/_/domain_metadata?domain=example..com", "must be a domain name"},
            {"/api/_/domain_metadata?domain=" + q("http://example.com/"), "must be a domain name"},
            // detector: range of ASN, range of time fields, characters, length, unknown name
            {"/api/v1/detector/changepoints?probe_asn=4294967296", "'probe_asn' must be a number in 0..4294967295"},
            {"/api/v1/detector/changepoints?since=2024-03-01T25:00Z", "'since' must be a UTC date"},
            {"/api/v1/detector/changepoints?until=2024-13-01", "'until' must be a UTC date"},
            {"/api/v1/detector/changepoints?since=" + q("2024-03-01T00:00:00+02:00"), "'since' must be a UTC date"},
            {"/api/v1/detector/changepoints?domain=" + "a.".repeat(130) + "com", "at most 253 characters"},
            {"/api/v1/detector/events?probe_asn=" + q("AS-1"), "'probe_asn' must be a number"},
            {"/api/v1/detector/events?since=2024-03-05&until=2024-03-05", "must be before"},
            {"/api/v1/detector/events?since=2023-01-01&until=2024-03-01", "at most 366 days"},
            {"/api/v1/detector/events?domain=" + q("t.me/x"), "must be a domain name"},
            // our own detector endpoints refuse unknown names: a typo would silently widen the result
            {"/api/v1/detector/changepoints?probe_c=IR", "unknown parameter 'probe_c'"},
        };
        for (String[] c : cases) {
            bad(c[0], c[1]);
        }
        Answer deep = post("/api/v1/geolookup", "[".repeat(5000) + "]".repeat(5000));
        assertEquals(400, deep.status(), deep.body());
        assertTrue(deep.json().get("error").asText().contains("body must be JSON"), deep.body());
        for (String[] c : new String[][] {
            {"null", "'addresses' array"},
            {"{\"addresses\": \"1.1.1.1\"}", "'addresses' array"},
            {"{\"addresses\": [\"" + "1".repeat(46) + "\"]}", "at most 45 characters"},
            {"{\"addresses\": [\"1.1.1.1\"]}&", "body must be JSON"}}) {
            Answer r = post("/api/v1/geolookup", c[0]);
            assertEquals(400, r.status(), c[0] + " -> " + r.body());
            assertEquals("application/json", r.contentType());
            assertTrue(r.json().get("error").asText().contains(c[1]), c[0] + " -> " + r.body());
        }
    }

    /**
     * A request line with bad percent-encoding (which java.net.URI refuses to build, hence the plain socket) is a
     * 400 too, but the JDK's server answers it itself, before any handler, with its own small HTML body: the one
     * 400 that is not JSON (docs/api.md says so).
     */
    @Test
    void malformedPercentEncodingIsA400() throws Exception {
        try (java.net.Socket k = new java.net.Socket("127.0.0.1", server.port())) {
            k.setSoTimeout(10_000);
            k.getOutputStream().write("GET /api/_/asnmeta?asn=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertFalse(answer.contains("org_name"), answer);
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

    /**
     * 200 requests/s for 10 s on loopback, a request every 5 ms whatever the answers do, over a mix of every
     * endpoint, a 400 and a 404. Each answer must be byte for byte the one checked against the store beforehand;
     * none may fail or time out; the heap after GC may grow by less than {@link #LOAD_HEAP_GROWTH_BOUND} and the
     * server may use no more worker threads than configured. Latencies are printed, never asserted.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void sustains200RequestsPerSecondFor10SecondsWithCorrectAnswers() throws Exception {
        assumeConcurrentStore();
        List<PacedLoad.Probe> mix = loadMix();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        PacedLoad load = new PacedLoad(client, base, Duration.ofMillis(5), Duration.ofSeconds(5), 16);
        load.run(mix, 200); // warm-up: JIT and connections, so the heap figure below is the steady state's
        long before = heapUsedAfterGc();
        PacedLoad.Report report = load.run(mix, 2000);
        long after = heapUsedAfterGc();
        System.out.println(getClass().getSimpleName() + " load: " + report.summary() + "; heap after GC "
                + (before >> 20) + " -> " + (after >> 20) + " MiB");

        assertEquals(List.of(), report.failures());
        assertEquals(2000, report.correct());
        assertTrue(after - before < LOAD_HEAP_GROWTH_BOUND, "heap after GC grew by " + ((after - before) >> 20)
                + " MiB under load");
        List<Integer> workers = apiWorkerThreads();
        assertFalse(workers.isEmpty(), "the server's workers are named api-N");
        // the pool is bounded: 4 workers plus Jetty's acceptor and selector (threads are named api-<thread id>)
        assertTrue(workers.size() <= 4 + 2, "4 worker threads configured, saw " + workers);
    }

    /** Retained heap that 2,000 requests may add: meters and caches only, which are a few kB. */
    static final long LOAD_HEAP_GROWTH_BOUND = 16L << 20;

    /** The load test's mix; each expected answer is first fetched alone and checked against the store. */
    private List<PacedLoad.Probe> loadMix() throws Exception {
        List<PacedLoad.Probe> mix = new ArrayList<>();
        mix.add(new PacedLoad.Probe("asnmeta", "GET", "/api/_/asnmeta?asn=174", null, 200,
                "{\"org_name\":\"Cogent Communications\"}"));

        String urls = "/api/v1/test-list/urls?country_code=IR&category_codes=XED,SRCH,NEWS&limit=20";
        JsonNode list = ok(urls);
        long inStore = citizenlab().stream().filter(r -> Set.of("IR", "ZZ").contains(r.get(2))
                && Set.of("XED", "SRCH", "NEWS").contains(r.get(1))).count();
        assertEquals(Math.min(20, inStore), list.get("results").size());
        assertTrue(list.get("results").size() > 1, list.toString());
        list.get("results").forEach(r -> assertTrue(Set.of("XED", "SRCH", "NEWS")
                .contains(r.get("category_code").asText()) && Set.of("IR", "XX").contains(r.get("country_code")
                .asText()), r.toString()));
        mix.add(expectingCurrent("test-list", urls));

        List<String> www = citizenlab().stream().filter(r -> r.get(2).equals("ZZ") && r.get(0).startsWith("www."))
                .sorted(java.util.Comparator.comparing(r -> r.get(0))).findFirst().orElseThrow();
        String domain = "/api/_/domain_metadata?domain=" + www.get(0).substring(4);
        assertEquals(www.get(1), ok(domain).get("category_code").asText());
        mix.add(expectingCurrent("domain_metadata", domain));

        mix.add(new PacedLoad.Probe("geolookup", "POST", "/api/v1/geolookup",
                "{\"addresses\": [\"8.8.8.8\", \"1.1.1.1\", \"10.0.0.1\"]}", 200,
                "{\"v\":1,\"geolocation\":{\"8.8.8.8\":{\"cc\":\"US\",\"asn\":15169,\"as_name\":\"Google LLC t\"},"
                        + "\"1.1.1.1\":{\"cc\":\"AU\",\"asn\":13335,\"as_name\":\"Cloudflare, Inc. t\"},"
                        + "\"10.0.0.1\":{\"cc\":null,\"asn\":null,\"as_name\":null}}}"));

        String changepoints = "/api/v1/detector/changepoints?probe_cc=UG";
        JsonNode ug = ok(changepoints).get("results");
        assertEquals(count("SELECT count(*) FROM event_detector_changepoints WHERE probe_cc = 'UG'"), ug.size());
        assertTrue(ug.size() > 0);
        ug.forEach(r -> assertEquals("UG", r.get("probe_cc").asText()));
        mix.add(expectingCurrent("changepoints", changepoints));

        String events = "/api/v1/detector/events?probe_cc=IR";
        JsonNode ir = ok(events).get("results");
        assertFalse(ir.isEmpty());
        ir.forEach(e -> assertEquals("IR", e.get("probe_cc").asText()));
        mix.add(expectingCurrent("events", events));

        mix.add(new PacedLoad.Probe("feeds", "GET", "/feeds/by-country/IR.xml", null, 200,
                Files.readString(tmp.resolve("feeds/by-country/IR.xml"))));

        assertEquals("ok", ok("/health").get("status").asText());
        mix.add(expectingCurrent("health", "/health"));

        mix.add(new PacedLoad.Probe("400", "GET", "/api/_/asnmeta?asn=abc", null, 400,
                "{\"error\":\"parameter 'asn' must be a number in 0..4294967295, not 'abc'\"}"));
        mix.add(new PacedLoad.Probe("404", "GET", "/api/v1/nothing-here?x=1", null, 404,
                "{\"error\":\"no such endpoint: /api/v1/nothing-here\"}"));
        return mix;
    }

    /** A GET probe expecting the answer the server gives now (which the caller has checked). */
    private PacedLoad.Probe expectingCurrent(String name, String pathAndQuery) throws Exception {
        Answer a = get(pathAndQuery);
        assertEquals(200, a.status(), a.body());
        return new PacedLoad.Probe(name, "GET", pathAndQuery, null, 200, a.body());
    }

    private static long heapUsedAfterGc() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Every live thread named api-N: the servers' workers. */
    private static Set<Thread> apiThreads() {
        Set<Thread> threads = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("api-[0-9]+.*")).forEach(threads::add);
        return threads;
    }

    /** The N of every live thread named api-N: the server's workers. */
    private static List<Integer> apiWorkerThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.matches("api-[0-9]+")).map(n -> Integer.parseInt(n.substring(4))).sorted().toList();
    }

    /**
     * Back-pressure, not growth: one worker and a four-slot queue, hit by 16 requests at once. Connections past
     * threads + queue wait in the kernel's backlog, so every request is still answered correctly, by one worker.
     * (The listen backlog is the queue size too, so some connections wait in the kernel for their SYN to be
     * retried: hence the generous request time-out.)
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aBurstBeyondTheQueueIsAnsweredWithOneWorker() throws Exception {
        String expected = get("/api/v1/detector/changepoints?probe_cc=IR").body();
        assertTrue(expected.contains("\"probe_cc\":\"IR\""), expected);
        try (ApiServer small = serve(new ApiSettings("127.0.0.1", 0, 1, 4, 500, 30))) {
            Set<Thread> before = apiThreads();
            PacedLoad burst = new PacedLoad(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    "http://127.0.0.1:" + small.port(), Duration.ZERO, Duration.ofSeconds(60), 16);
            PacedLoad.Report report = burst.run(List.of(new PacedLoad.Probe("changepoints", "GET",
                    "/api/v1/detector/changepoints?probe_cc=IR", null, 200, expected)), 16);
            assertEquals(List.of(), report.failures());
            Set<Thread> during = apiThreads();
            during.removeAll(before);
            // one worker, plus Jetty's acceptor and selector, which come from the same pool
            assertTrue(during.size() <= 3, "one worker configured, new api threads: " + during);
        }
    }

    /** {@code max_results} caps every list, including "all" ({@code limit=-1}) and the detector's lists. */
    @Test
    void everyListIsCappedByMaxResults() throws Exception {
        assertTrue(count("SELECT count(*) FROM event_detector_changepoints") > 3);
        try (ApiServer capped = serve(new ApiSettings("127.0.0.1", 0, 2, 8, 3, 30))) {
            String at = "http://127.0.0.1:" + capped.port();
            assertEquals(3, okAt(at, "/api/v1/test-list/urls?limit=-1").get("results").size());
            assertEquals(3, okAt(at, "/api/v1/test-list/urls?country_code=IR").get("results").size());
            assertEquals(3, okAt(at, "/api/v1/detector/changepoints").get("results").size());
            assertTrue(okAt(at, "/api/v1/detector/events").get("results").size() <= 3);
            // a limit above the cap is the cap (the original has no cap; refusing would break its clients)
            assertEquals(3, okAt(at, "/api/v1/test-list/urls?limit=4").get("results").size());
        }
    }

    /**
     * Stalled clients cannot hold the workers: with two workers, a two-slot queue and a one-second deadline, six
     * half-sent requests (headers never finished, or a POST body cut short) would otherwise stall every worker, the
     * queue and the accepting thread for good. A normal request is still answered, and the server closes every
     * stalled connection.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void stalledClientsAreCutOffAtTheDeadline() throws Exception {
        try (ApiServer s = serve(new ApiSettings("127.0.0.1", 0, 2, 2, 500, 1))) {
            List<java.net.Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    java.net.Socket k = new java.net.Socket("127.0.0.1", s.port());
                    k.setSoTimeout(20_000);
                    String partial = i % 2 == 0 ? "GET /health HTTP/1.1\r\nHost: x\r\n"
                            : "POST /api/v1/geolookup HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"addr";
                    k.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                    k.getOutputStream().flush();
                    stalled.add(k);
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                        + "/api/_/asnmeta?asn=174")).timeout(Duration.ofSeconds(15)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("{\"org_name\":\"Cogent Communications\"}", r.body());
                for (java.net.Socket k : stalled) {
                    assertTrue(closedByServer(k), "a stalled connection was left open: " + k);
                }
            } finally {
                for (java.net.Socket k : stalled) {
                    k.close();
                }
            }
        }
    }

    /**
     * A POST declaring a body of 2 GiB gets its 413 at once, from the headers alone, while the client has sent 30
     * bytes of it and is still connected.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aDeclaredBodyOverTheLimitIs413AtOnce() throws Exception {
        try (java.net.Socket k = new java.net.Socket("127.0.0.1", server.port())) {
            k.setSoTimeout(20_000);
            k.getOutputStream().write(("POST /api/v1/geolookup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 2147483648\r\n\r\n{\"addresses\": [\"1.1.1.1\"]}   ")
                    .getBytes(StandardCharsets.US_ASCII));
            k.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(k.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 413 Payload Too Large", in.readLine());
            String line;
            long length = -1;
            while (!(line = in.readLine()).isEmpty()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            char[] body = new char[(int) length];
            assertEquals(length, in.read(body));
            assertEquals("{\"error\":\"body larger than 65536 bytes\"}", new String(body));
        }
        assertEquals("{\"org_name\":\"Cogent Communications\"}", get("/api/_/asnmeta?asn=174").body());
    }

    /**
     * A client that drips its request one byte every 100 ms is never idle, yet is cut off at the one-second deadline
     * counted from its first byte; meanwhile, with a single worker, normal requests are answered.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aSlowDripClientIsCutOffAndOthersAreAnswered() throws Exception {
        try (ApiServer s = serve(new ApiSettings("127.0.0.1", 0, 1, 8, 500, 1));
             java.net.Socket k = new java.net.Socket("127.0.0.1", s.port())) {
            k.setSoTimeout(20_000);
            byte[] head = "GET /api/_/asnmeta?asn=174 HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
            java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
            Thread drip = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        k.getOutputStream().write(i < head.length ? head[i] : 'x');
                        k.getOutputStream().flush();
                        Thread.sleep(100);
                    }
                } catch (java.io.IOException e) {
                    cut.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            drip.start();
            String at = "http://127.0.0.1:" + s.port();
            for (int i = 0; i < 5; i++) {
                assertEquals("{\"org_name\":\"Cogent Communications\"}", okAt(at, "/api/_/asnmeta?asn=174").toString());
                Thread.sleep(100);
            }
            assertTrue(closedByServer(k), "the dripping connection was left open");
            drip.join(30_000);
            assertTrue(cut.get(), "the dripping client could write 300 bytes over 30 s");
        }
    }

    /** True when the server closes the connection (end of stream or reset), false when it stays silent. */
    private static boolean closedByServer(java.net.Socket k) throws java.io.IOException {
        try {
            java.io.InputStream in = k.getInputStream();
            while (in.read() != -1) {
                // drain whatever comes first; a cut-off request gets no answer
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private JsonNode okAt(String at, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(at + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
