package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.ChangepointStore;
import org.ooni.analysis.detector.EventBuilder;
import org.ooni.analysis.detector.EventFilter;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * The detector's pages in a real browser (headless Chromium) over a store filled by {@code generate measurements}
 * and {@code detect}: the events listed are the events of the JSON and of the changepoint table, the changepoint
 * markers of every evidence chart are that series' rows of {@code event_detector_changepoints}, the hourly cells
 * are the measurement table's, and bad input, outside text, an empty store and a dead store give clear pages.
 * Screenshots go to {@code target/detector-pages/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DetectorPagesContract {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(12));
    static final String HOSTILE_AS_NAME = "Evil <script>alert(1)</script> & \"Co\"";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHOTS = Path.of("target", "detector-pages");
    private static final Pattern ROW = Pattern.compile("<tr class=\"event\" data-cc=\"([^\"]*)\" data-domain=\"([^\"]*)\""
            + " data-start=\"([^\"]*)\" data-end=\"([^\"]*)\">");
    private static final Pattern EVIDENCE_LINK = Pattern.compile("<a class=\"evidence\" href=\"([^\"]*)\">");
    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\"[^>]* data-asn=\"(\\d+)\" data-signal=\"(\\w+)\"");
    private static final Pattern MARKER = Pattern.compile("<line class=\"cp (up|down)\" data-ts=\"([^\"]*)\" data-dir=\"(-?1)\"");
    private static final Pattern SECTION = Pattern.compile("<section class=\"network\" data-asn=\"(\\d+)\">");

    Path tmp;
    private Warehouse warehouse;
    private ApiServer server;
    private HttpClient http;
    private HeadlessChromium chromium;
    private String base;

    /** The --db URL of a fresh, empty store for this class. */
    abstract String dbUrl();

    /** The --db URL of a second empty store, left empty ("no data yet"). */
    abstract String emptyDbUrl();

    /** A name for this back end's screenshots. */
    abstract String kind();

    @BeforeAll
    void fillAndServe(@TempDir Path dir) throws Exception {
        tmp = dir;
        chromium = HeadlessChromium.find(tmp);
        Path config = tmp.resolve("analysis.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [detector]
                domains = ["twitter.com", "t.me"]
                use_citizenlab = false
                """);
        cli(config, "generate", "measurements", "--from", T0.toString(), "--to", NOW.toString(), "--countries",
                "UG,IR", "--asns-per-country", "3", "--domains", "twitter.com,t.me", "--rate", "6", "--episodes", "4",
                "--seed", "3", "--replace");
        cli(config, "detect", "--from", T0.toString(), "--to", NOW.toString());
        StoreUrl url = StoreUrl.parse(dbUrl());
        try (Warehouse rw = Warehouses.open(url, false)) {
            // AS names come from outside: one of them tries to inject markup
            rw.createTableIfMissing(AsnMetaTable.LIVE);
            List<Object[]> names = new ArrayList<>();
            for (String asn : column("SELECT DISTINCT probe_asn FROM analysis_web_measurement", rw)) {
                names.add(new Object[] {Long.parseLong(asn), asn.endsWith("0") ? HOSTILE_AS_NAME : "Net " + asn, "ZZ",
                    LocalDate.of(2020, 1, 1), "NET", "test"});
            }
            rw.insertRows(AsnMetaTable.LIVE, names.iterator());
        }
        warehouse = Warehouses.open(url, true);
        server = serve(warehouse);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    ApiServer serve(Warehouse store) throws java.io.IOException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return ApiServer.start(new ApiContext(new ApiSettings("127.0.0.1", 0, 2, 16, 500, 30), store,
                StoreUrl.parse(dbUrl()).kind(), tmp.resolve("geoip"), null, 6, List.of("detect"),
                new ScheduleSettings(null, null, null, null, null, null), clock,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new Log(new PrintStream(OutputStream.nullOutputStream()), false, false, clock)));
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

    private static List<String> column(String sql, Warehouse w, Object... params) {
        List<String> out = new ArrayList<>();
        w.forEachRow(sql, List.of(params), r -> out.add(r.get(0)));
        return out;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&");
    }

    /** The events as (cc, domain, start, end) from the page's rows. */
    private static List<List<String>> rows(String dom) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            out.add(List.of(m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        return out;
    }

    private static List<List<String>> jsonRows(JsonNode results) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode a : results) {
            out.add(List.of(a.get("probe_cc").asText(), a.get("domain").asText(), a.get("start").asText(),
                    a.get("end").isNull() ? "" : a.get("end").asText()));
        }
        return out;
    }

    @Test
    void eventsPageListsTheEventsOfTheJsonAndOfTheTable() throws Exception {
        String dom = chromium.dom(base + "/detector/");
        List<List<String>> listed = rows(dom);
        JsonNode json = JSON.readTree(get("/api/v1/detector/events").body()).get("results");
        assertEquals(jsonRows(json), listed);
        // and independently of the API code: the alerts of the whole changepoint table in the default window
        List<Alert> expected = new EventFilter(null, null, null, NOW.minus(Duration.ofDays(30)), NOW)
                .apply(EventBuilder.alerts(ChangepointStore.readAll(warehouse), 6));
        assertFalse(expected.isEmpty(), "detect found no events to show");
        assertEquals(expected.stream().map(a -> List.of(a.cc(), a.domain(), a.start().toString(),
                a.ongoing() ? "" : a.end().toString())).toList(), listed);
        assertTrue(dom.contains(listed.size() + " events</p>"), "count line");
        List<String> levels = new ArrayList<>();
        json.forEach(a -> levels.add(a.get("evidence").get("level").asText()));
        assertEquals(levels, all(Pattern.compile("<span class=\"level (\\w+)\">"), dom, 1), "same evidence levels");
        assertTrue(levels.stream().allMatch(l -> Set.of("strong", "moderate", "weak").contains(l)), levels::toString);
        Matcher links = EVIDENCE_LINK.matcher(dom);
        int n = 0;
        while (links.find()) {
            n++;
        }
        assertEquals(listed.size(), n, "one evidence link per event");
        assertEquals(listed.size(), dom.split("class=\"feed\" href=\"/feeds/by-country/").length - 1);
        chromium.screenshot(base + "/detector/", SHOTS.resolve(kind() + "-events.png"), 1200, 800);
        chromium.screenshot(base + "/detector/", SHOTS.resolve(kind() + "-events-phone.png"), 412, 915);
        assertTrue(get("/").body().contains("<h1>Blocking events</h1>"), "/ is the events page too");
    }

    @Test
    void filterFormNarrowsTheListLikeTheJson() throws Exception {
        String query = "?probe_cc=UG&probe_asn=&domain=twitter.com&since=2024-03-01&until=" + NOW;
        String dom = chromium.dom(base + "/detector/" + query);
        List<List<String>> listed = rows(dom);
        assertFalse(listed.isEmpty(), "UG twitter.com has events in the sample");
        assertTrue(listed.stream().allMatch(r -> r.get(0).equals("UG") && r.get(1).equals("twitter.com")), listed::toString);
        assertEquals(jsonRows(JSON.readTree(get("/api/v1/detector/events" + query).body()).get("results")), listed);
        assertTrue(dom.contains("name=\"probe_cc\" value=\"UG\""), "the form keeps its values");
    }

    @Test
    void evidenceMarkersAreTheChangepointsOfEachSeries() throws Exception {
        String events = chromium.dom(base + "/detector/");
        Matcher link = EVIDENCE_LINK.matcher(events);
        assertTrue(link.find());
        String href = unescape(link.group(1));
        Map<String, String> q = query(href);
        String dom = chromium.dom(base + href);
        Instant since = Instant.parse(q.get("since"));
        Instant until = Instant.parse(q.get("until"));

        // the networks shown are the top ones by measurements in the window, in that order
        List<String> sections = all(SECTION, dom, 1);
        List<String> top = column("SELECT probe_asn FROM (SELECT probe_asn, count(*) AS n FROM analysis_web_measurement"
                + " WHERE probe_cc = ? AND domain = ? AND measurement_start_time >= ? AND measurement_start_time < ?"
                + " GROUP BY probe_asn) t ORDER BY n DESC, probe_asn", warehouse, q.get("probe_cc"), q.get("domain"),
                since, until);
        assertEquals(top.subList(0, Math.min(EvidenceFilter.DEFAULT_NETWORKS, top.size())), sections);

        Map<String, List<String>> shown = markers(dom);
        assertEquals(sections.size() * 4, shown.size(), "one chart per network and signal");
        Map<String, List<String>> stored = new TreeMap<>();
        shown.keySet().forEach(k -> stored.put(k, new ArrayList<>()));
        warehouse.forEachRow("SELECT probe_asn, block_type, ts, change_dir FROM event_detector_changepoints"
                + " WHERE probe_cc = ? AND domain = ? AND ts >= ? AND ts < ? ORDER BY ts",
                List.of(q.get("probe_cc"), q.get("domain"), since, until), r -> {
                    if (stored.containsKey(r.get(0) + "/" + r.get(1))) {
                        stored.get(r.get(0) + "/" + r.get(1)).add(
                                org.ooni.analysis.detector.TextValues.instant(r.get(2)) + " " + r.get(3));
                    }
                });
        assertEquals(stored, shown);
        assertTrue(shown.values().stream().anyMatch(l -> !l.isEmpty()), "the event's changes are marked");
        assertFalse(dom.contains("<script"), "no script at all, and outside text cannot add one");
        chromium.screenshot(base + href.replaceFirst("probe_cc", "networks=2&probe_cc"),
                SHOTS.resolve(kind() + "-evidence.png"), 1000, 1400);
        chromium.screenshot(base + href, SHOTS.resolve(kind() + "-evidence-phone.png"), 412, 915);
    }

    @Test
    void evidenceCellsAndSumsAgreeWithTheTables() throws Exception {
        String path = "/api/v1/detector/evidence?probe_cc=UG&domain=twitter.com&networks=10&since=" + T0 + "&until=" + NOW;
        JsonNode e = JSON.readTree(get(path).body());
        assertEquals(3, e.get("networks").size());
        for (JsonNode n : e.get("networks")) {
            long asn = n.get("probe_asn").asLong();
            List<String> times = column("SELECT measurement_start_time FROM analysis_web_measurement WHERE probe_cc = ?"
                    + " AND probe_asn = ? AND domain = ?", warehouse, "UG", asn, "twitter.com");
            Set<Long> hours = new HashSet<>();
            times.forEach(t -> hours.add(org.ooni.analysis.detector.TextValues.epochSeconds(t) / 3600));
            assertEquals(times.size(), n.get("measurements").asLong());
            for (JsonNode s : n.get("signals")) {
                if (s.get("signal").asText().equals("tcp")) {
                    assertEquals(hours.size(), s.get("points").size(), "one point per hour with measurements");
                    long sum = 0;
                    for (JsonNode p : s.get("points")) {
                        sum += p.get("count").asLong();
                    }
                    assertEquals(times.size(), sum, "counts add up to the rows");
                }
                // replayed from the first hour on, the sums cross h exactly where detect stored its changes
                assertEquals(s.get("changepoints"), s.get("replayed"), asn + " " + s.get("signal"));
                assertTrue(s.get("replay_exact").asBoolean() || s.get("replay_from").asText().compareTo(T0.toString()) <= 0);
            }
        }
        String dom = chromium.dom(base + path.replace("/api/v1/detector/evidence", "/detector/evidence"));
        assertFalse(dom.contains("note warn"), "page and table agree");
        assertEquals(12, all(CHART, dom, 1).size());
    }

    @Test
    void outsideTextIsEscaped() throws Exception {
        String asn = column("SELECT asn FROM asnmeta WHERE org_name = ?", warehouse, HOSTILE_AS_NAME).get(0);
        String cc = column("SELECT probe_cc FROM analysis_web_measurement WHERE probe_asn = ? LIMIT 1", warehouse,
                Long.parseLong(asn)).get(0);
        String dom = chromium.dom(base + "/detector/evidence?probe_cc=" + cc + "&domain=t.me&probe_asn=" + asn
                + "&since=" + T0 + "&until=" + NOW);
        assertTrue(dom.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Co\""), "the name shown as text");
        assertFalse(dom.contains("<script"), dom);
        HttpResponse<String> bad = get("/detector/?domain=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), bad.body());
        assertFalse(bad.body().contains("<script"), bad.body());
    }

    @Test
    void badParametersGiveA400PageNamingThem() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/detector/?probe_cc=U1", "parameter 'probe_cc' must be a two-letter country code, not 'U1'");
        cases.put("/detector/?since=yesterday", "parameter 'since' must be a UTC date");
        cases.put("/detector/?colour=red", "unknown parameter 'colour'");
        cases.put("/detector/evidence?probe_cc=UG", "parameter 'domain' is required");
        cases.put("/detector/evidence?probe_cc=UG&domain=t.me&networks=11",
                "parameter 'networks' must be an integer in 1..10, not '11'");
        cases.put("/detector/evidence?probe_cc=UG&domain=t.me&since=2024-01-01&until=2024-03-01",
                "the window from 'since' to 'until' must be at most 31 days on the evidence page");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey());
            assertEquals(400, r.statusCode(), c.getKey());
            assertEquals(HtmlPage.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(HtmlPage.CSP, r.headers().firstValue("Content-Security-Policy").orElse(""));
            assertTrue(r.body().contains(Html.text(c.getValue())), c.getKey() + " -> " + r.body());
        }
        String dom = chromium.dom(base + "/detector/?probe_cc=U1");
        assertTrue(dom.contains("<h1>Bad parameter</h1>") && dom.contains("'probe_cc'"), dom);
        HttpResponse<String> ok = get("/detector/");
        assertEquals(HtmlPage.CSP, ok.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("text/css; charset=utf-8", get(HtmlPage.STYLESHEET_PATH).headers().firstValue("Content-Type")
                .orElse(""));
    }

    @Test
    void anEmptyStoreSaysNoDataYet() throws Exception {
        try (Warehouse empty = Warehouses.open(StoreUrl.parse(emptyDbUrl()), false);
             ApiServer s = serve(empty)) {
            String b = "http://127.0.0.1:" + s.port();
            String events = chromium.dom(b + "/detector/");
            assertTrue(events.contains("id=\"no-data\">No data yet"), events);
            String evidence = chromium.dom(b + "/detector/evidence?probe_cc=UG&domain=t.me");
            assertTrue(evidence.contains("id=\"no-data\">No data yet"), evidence);
            assertTrue(empty.listTables().isEmpty(), "the pages wrote nothing");
        }
    }

    @Test
    void aDeadStoreSaysStoreUnavailable() throws Exception {
        Warehouse dead = Warehouses.open(StoreUrl.parse(emptyDbUrl()), false);
        dead.close();
        try (ApiServer s = serve(dead)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                    + "/detector/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("<h1>Store unavailable</h1>"), r.body());
            assertFalse(r.body().contains("Exception") || r.body().contains("at org."), r.body());
        }
    }

    private static Map<String, String> query(String href) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : href.substring(href.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> all(Pattern p, String text, int group) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(group));
        }
        return out;
    }

    /** Per chart ("asn/signal"), its changepoint markers as "ts dir". */
    private static Map<String, List<String>> markers(String dom) {
        Map<String, List<String>> out = new TreeMap<>();
        String[] charts = dom.split("<svg class=\"chart\"");
        for (int i = 1; i < charts.length; i++) {
            Matcher c = CHART.matcher("<svg class=\"chart\"" + charts[i]);
            assertTrue(c.find());
            String svg = charts[i].substring(0, charts[i].indexOf("</svg>"));
            List<String> marks = new ArrayList<>();
            Matcher m = MARKER.matcher(svg);
            while (m.find()) {
                marks.add(m.group(2) + " " + m.group(3));
                assertEquals(m.group(1), m.group(3).equals("1") ? "up" : "down");
            }
            out.put(c.group(1) + "/" + c.group(2), marks);
        }
        return out;
    }
}
