package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/** generate → detect → changepoints, resumption, idempotent reruns, watch list and failures, on one back end. */
abstract class DetectorStoreContract {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path config;

    abstract String dbUrl();

    @BeforeEach
    void writeConfig() throws Exception {
        config = tmp.resolve("analysis.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [detector]
                domains = ["twitter.com", "t.me"]
                """);
    }

    Warehouse open() {
        return Warehouses.open(StoreUrl.parse(dbUrl()), false);
    }

    CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", dbUrl()));
        all.addAll(List.of(args));
        return CliRun.run(Map.of(), CLOCK, all.toArray(String[]::new));
    }

    CliRun.Result ok(String... args) {
        CliRun.Result r = cli(args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    /** Every row of a table, sorted, one string per row. */
    List<String> rows(String table) {
        List<String> rows = new ArrayList<>();
        try (Warehouse wh = open()) {
            if (!wh.tableExists(table)) {
                return rows;
            }
            wh.forEachRow("SELECT * FROM " + table, r -> rows.add(String.join("|", r)));
        }
        rows.sort(null);
        return rows;
    }

    /** The outcomes job_runs holds for the detect runs, sorted. */
    List<String> detectOutcomes() {
        List<String> outcomes = new ArrayList<>();
        try (Warehouse wh = open()) {
            wh.forEachRow("SELECT outcome FROM job_runs WHERE job = 'detect'", r -> outcomes.add(r.get(0)));
        }
        outcomes.sort(null);
        return outcomes;
    }

    /**
     * Two series, three measurements an hour for six days; twitter.com on AS1 has TCP blocked from day 3 02:00 to
     * day 3 20:00; no rows at all on day 1 from 06:00 for 30 hours (a gap that decays the sums).
     */
    void writeHandmadeRows() {
        try (Warehouse wh = open()) {
            wh.recreateTable(DetectorTables.MEASUREMENTS);
            List<Object[]> rows = new ArrayList<>();
            Instant gapStart = T0.plus(30, ChronoUnit.HOURS);
            Instant gapEnd = gapStart.plus(30, ChronoUnit.HOURS);
            Instant blockStart = T0.plus(3 * 24 + 2, ChronoUnit.HOURS);
            Instant blockEnd = T0.plus(3 * 24 + 20, ChronoUnit.HOURS);
            int n = 0;
            for (String domain : List.of("t.me", "twitter.com")) {
                for (int h = 0; h < 6 * 24; h++) {
                    Instant hour = T0.plus(h, ChronoUnit.HOURS);
                    if (!hour.isBefore(gapStart) && hour.isBefore(gapEnd)) {
                        continue;
                    }
                    for (int i = 0; i < 3; i++) {
                        Instant t = hour.plusSeconds(600L * i + 7);
                        boolean blocked = domain.equals("twitter.com") && !t.isBefore(blockStart) && t.isBefore(blockEnd);
                        float noise = (h * 7 + i) % 41 == 0 ? 0.9f : 0f;
                        rows.add(new Object[] {"uid" + n++, t, "UG", 1L, i == 2 ? 15169L : 1L, domain, noise,
                            blocked ? 1f : 0f, 0f});
                    }
                }
            }
            wh.insertRows(DetectorTables.MEASUREMENTS, rows.iterator());
        }
    }

    static String at(int hours) {
        return T0.plus(hours, ChronoUnit.HOURS).toString();
    }

    @Test
    void generateDetectFindsTheInjectedEpisodes() throws Exception {
        Path truth = tmp.resolve("truth.csv");
        ok("generate", "measurements", "--from", at(0), "--to", at(12 * 24), "--countries", "UG,IR",
                "--asns-per-country", "2", "--domains", "twitter.com,t.me", "--rate", "6", "--episodes", "4",
                "--seed", "3", "--truth", truth.toString(), "--replace");
        List<Episode> episodes = GenerateMeasurementsJob.readTruth(truth);
        assertFalse(episodes.isEmpty());
        ok("detect", "--from", at(0), "--to", at(12 * 24));
        assertEquals(List.of("ok"), detectOutcomes());
        List<Changepoint> cps;
        try (Warehouse wh = open()) {
            cps = ChangepointStore.readAll(wh);
        }
        for (Episode e : episodes) {
            boolean found = cps.stream().anyMatch(c -> c.series().equals(e.series()) && c.direction() == +1
                    && c.blockType().equals(e.signal().label()) && !c.ts().isBefore(e.start().truncatedTo(ChronoUnit.HOURS))
                    && c.ts().isBefore(e.end()));
            assertTrue(found, "episode not detected: " + e + " in " + cps);
        }
        long ups = cps.stream().filter(c -> c.direction() > 0).count();
        assertEquals(episodes.size(), ups, "no false alarm: " + cps);

        CliRun.Result events = ok("events", "--format", "csv");
        assertTrue(events.out().startsWith("probe_cc,country,domain,start,end,ongoing,asns,signals,series_events\r\n"),
                events.out());
    }

    @Test
    void oneRunAndHourlyRunsGiveIdenticalChangepointsAndState() {
        writeHandmadeRows();
        ok("detect", "--from", at(0), "--to", at(144));
        List<String> oneRunChanges = rows(DetectorTables.CHANGEPOINTS.name());
        List<String> oneRunState = rows(DetectorTables.CUSUMS.name());
        assertEquals(2, oneRunChanges.size(), "the block and its end on tcp; the row noise never crosses: "
                + oneRunChanges);

        try (Warehouse wh = open()) {
            wh.dropTableIfExists(DetectorTables.CHANGEPOINTS.name());
            wh.dropTableIfExists(DetectorTables.CUSUMS.name());
            wh.writeState(DetectorTables.CUSUM_RESUME_KEY, "");
        }
        ok("detect", "--from", at(0), "--to", at(31));
        ok("detect", "--to", at(50));
        ok("detect", "--to", at(72));
        // hour by hour across both changes (the block is found at 79 h, its end at 102 h)
        for (int h = 73; h <= 104; h++) {
            ok("detect", "--to", at(h));
        }
        ok("detect", "--to", at(144));
        assertEquals(oneRunChanges, rows(DetectorTables.CHANGEPOINTS.name()));
        assertEquals(oneRunState, rows(DetectorTables.CUSUMS.name()));
    }

    @Test
    void rerunsReplaceTheirRowsInsteadOfAddingToThem() {
        writeHandmadeRows();
        ok("detect", "--from", at(0), "--to", at(144));
        List<String> first = rows(DetectorTables.CHANGEPOINTS.name());
        assertFalse(first.isEmpty());
        ok("detect", "--from", at(0), "--to", at(144));
        assertEquals(first, rows(DetectorTables.CHANGEPOINTS.name()));

        ok("detect", "--to", at(144));
        assertEquals(List.of("ok", "ok", "skipped"), detectOutcomes(), "the third run had nothing to do");
        assertEquals(first, rows(DetectorTables.CHANGEPOINTS.name()));
    }

    @Test
    void watchListComesFromCitizenlabGlobalGrpRowsPlusConfig() throws Exception {
        writeHandmadeRows();
        Files.writeString(config, "[statsd]\nenabled = false\n");
        try (Warehouse wh = open()) {
            wh.recreateTable(CitizenLabTable.LIVE);
            wh.insertRows(CitizenLabTable.LIVE, List.of(
                    new Object[] {"twitter.com", "https://twitter.com/", "ZZ", "GRP"},
                    new Object[] {"t.me", "https://t.me/", "UG", "GRP"},
                    new Object[] {"t.me", "https://t.me/x", "ZZ", "NEWS"}).iterator());
            Set<String> watch = WatchList.load(wh, DetectorSettings.defaults(), Log.silent());
            assertEquals(Set.of("twitter.com"), watch);
            Set<String> plus = WatchList.load(wh, DetectorSettings.defaults().withDomains(List.of("T.me", "bad domain"),
                    true), Log.silent());
            assertEquals(new TreeSet<>(List.of("t.me", "twitter.com")), plus);
        }
        ok("detect", "--from", at(0), "--to", at(144));
        try (Warehouse wh = open()) {
            List<Changepoint> cps = ChangepointStore.readAll(wh);
            assertFalse(cps.isEmpty());
            assertTrue(cps.stream().allMatch(c -> c.series().domain().equals("twitter.com")));
            Set<String> watched = new TreeSet<>();
            wh.forEachRow("SELECT DISTINCT domain FROM event_detector_cusums", r -> watched.add(r.get(0)));
            assertEquals(Set.of("twitter.com"), watched, "t.me is not on the watch list");
        }
    }

    @Test
    void firstRunWithoutFromIsAUsageErrorAndWritesNothing() {
        writeHandmadeRows();
        CliRun.Result r = cli("detect", "--to", at(10));
        assertEquals(2, r.exitCode());
        assertTrue(r.errorLine().contains("no stored detector state to resume from: give --from"), r.err());
        try (Warehouse wh = open()) {
            assertFalse(wh.tableExists(DetectorTables.CHANGEPOINTS.name()));
            assertFalse(wh.tableExists(DetectorTables.CUSUMS.name()));
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndLeaveTheTablesUnchanged() {
        writeHandmadeRows();
        ok("detect", "--from", at(0), "--to", at(144));
        List<String> before = rows(DetectorTables.CHANGEPOINTS.name());
        List<String> state = rows(DetectorTables.CUSUMS.name());
        CliRun.Result algo = cli("detect", "--algorithm", "bayes");
        assertEquals(2, algo.exitCode());
        assertTrue(algo.errorLine().contains("--algorithm must be cusum or ewma, not bayes"), algo.err());
        CliRun.Result order = cli("detect", "--from", at(10), "--to", at(5));
        assertEquals(2, order.exitCode());
        assertTrue(order.errorLine().contains("--from (" + at(10) + ") must be before --to (" + at(5) + ")"),
                order.err());
        CliRun.Result time = cli("detect", "--from", "yesterday");
        assertEquals(2, time.exitCode());
        assertTrue(time.errorLine().contains("--from must be an ISO time such as 2024-01-10T05:00:00Z, not 'yesterday'"),
                time.err());
        CliRun.Result format = cli("events", "--format", "xml");
        assertEquals(2, format.exitCode());
        assertTrue(format.errorLine().contains("--format must be text, json or csv, not xml"), format.err());
        assertEquals(before, rows(DetectorTables.CHANGEPOINTS.name()));
        assertEquals(state, rows(DetectorTables.CUSUMS.name()));
    }

    @Test
    void missingInputTableIsSourceUnavailable() {
        CliRun.Result r = cli("detect", "--from", at(0), "--to", at(5));
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.errorLine().contains("table analysis_web_measurement: does not exist"), r.err());
        CliRun.Result e = cli("detect", "--algorithm", "ewma", "--from", at(0), "--to", at(5));
        assertEquals(3, e.exitCode(), e.err());
        assertTrue(e.errorLine().contains("table fastpath: does not exist"), e.err());
    }

    @Test
    void ewmaWritesItsOwnRowsAndCusumRerunsKeepThem() {
        ok("generate", "measurements", "--from", at(0), "--to", at(8 * 24), "--countries", "UG",
                "--asns-per-country", "1", "--domains", "twitter.com", "--rate", "6", "--episodes", "1",
                "--seed", "5", "--fastpath", "--replace");
        ok("detect", "--algorithm", "ewma", "--from", at(0), "--to", at(8 * 24));
        List<String> all = rows(DetectorTables.CHANGEPOINTS.name());
        assertTrue(all.stream().anyMatch(r -> r.contains("|ewma|1|")), all.toString());
        assertTrue(rows(DetectorTables.EWMA_STATE.name()).size() == 1);
        ok("detect", "--from", at(0), "--to", at(8 * 24));
        List<String> after = rows(DetectorTables.CHANGEPOINTS.name());
        assertTrue(after.containsAll(all.stream().filter(r -> r.contains("|ewma|")).toList()), after.toString());
        assertNotEquals(all, after, "cusum rows were added");
        ok("detect", "--algorithm", "ewma", "--from", at(0), "--to", at(8 * 24));
        assertEquals(after, rows(DetectorTables.CHANGEPOINTS.name()), "ewma rerun is idempotent too");
    }

    @Test
    void feedsAreWrittenFromTheDetectedEvents() throws Exception {
        writeHandmadeRows();
        Path feeds = tmp.resolve("feeds");
        ok("detect", "--from", at(0), "--to", at(144), "--feeds-dir", feeds.toString());
        try (var files = Files.walk(feeds)) {
            assertEquals(List.of("by-asn/AS1.xml", "by-country/UG.xml", "global.xml"), files.filter(Files::isRegularFile)
                    .map(f -> feeds.relativize(f).toString().replace('\\', '/')).sorted().toList());
        }
        String global = Files.readString(feeds.resolve("global.xml"));
        assertTrue(global.contains("twitter.com blocked in Uganda (AS1)"), global);
        assertTrue(global.contains("twitter.com unblocked in Uganda (AS1)"), global);
        assertTrue(Files.exists(feeds.resolve("by-country/UG.xml")));
        assertTrue(Files.exists(feeds.resolve("by-asn/AS1.xml")));
    }
}
