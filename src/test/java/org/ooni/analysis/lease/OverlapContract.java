package org.ooni.analysis.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.citizenlab.SyntheticTestLists;
import org.ooni.analysis.fingerprints.FingerprintKind;
import org.ooni.analysis.fingerprints.FingerprintTables;
import org.ooni.analysis.fingerprints.SyntheticFingerprints;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Overlapping runs of each updater, as separate processes on one store: rounds of two and of three runs started a
 * little apart (0 to 2 s), with debug pauses after the lease, after the load and before the swap, so later runs
 * arrive while the first one is at each step. After every round: every run exited 0; each one either updated or
 * said in one line which run it found going (and that run is one of the round's), and {@code job_runs} holds
 * exactly that outcome under its run id; the live tables equal exactly the input of the last run that swapped; no
 * staging table is left. Then kill -9 of a lease holder and a run that takes over with no manual step, and
 * {@code --wait}.
 */
abstract class OverlapContract {
    private static final Pattern SKIPPED = Pattern.compile(": skipped: another run is in progress \\(run ([0-9a-f]{12}) "
            + "on host [^,]+, pid (\\d+), started [0-9TZ:-]+\\)");
    /** Start offsets between the runs of a round; each round uses the next one. */
    private static final long[] STAGGER_MILLIS = {0, 250, 600, 1000, 1500};
    /** Rounds of each size (the issue asks for five); {@code -Doverlap.rounds=N} runs fewer on a slow machine. */
    private static final int ROUNDS = Integer.getInteger("overlap.rounds", 5);

    @TempDir
    Path dir;

    abstract String dbUrl();

    /** Runs recorded in job_runs for a job: run id to outcome word. */
    abstract Map<String, String> recordedRuns(String job);

    /** One updater under test: its name, the command line for input 0 or 1, and the live tables it writes. */
    record Subject(String job, IntFunction<List<String>> args, List<TableSchema> live) {
    }

    private Path quiet;
    private Path pausing;

    @BeforeEach
    void writeConfigs() throws IOException {
        String base = "[statsd]\nenabled = false\n[citizenlab]\nmin_rows = 1\n[fingerprints]\nmin_rows = 100\n"
                + "[asnmeta]\nmin_rows = 1\n[lease]\nexpiry_seconds = 10\n";
        quiet = Files.writeString(dir.resolve("quiet.toml"), base);
        pausing = Files.writeString(dir.resolve("pausing.toml"), base + "[debug]\npause_after_lease_seconds = 0.4\n"
                + "pause_after_load_seconds = 0.4\npause_before_swap_seconds = 0.4\n");
    }

    Subject citizenlab() {
        for (int i = 0; i < 2; i++) {
            SyntheticTestLists.write(dir.resolve("lists" + i), 300 + 100 * i, List.of("ir", "ru", "cn"), 0, 7 + i);
        }
        return new Subject("citizenlab", i -> List.of("update", "citizenlab", "--source",
                dir.resolve("lists" + i).toString(), "--force"), List.of(CitizenLabTable.LIVE));
    }

    Subject fingerprints() throws IOException {
        for (int i = 0; i < 2; i++) {
            Files.writeString(dir.resolve("dns" + i + ".csv"), SyntheticFingerprints.toCsv(
                    SyntheticFingerprints.dns(120 + 10 * i, 1 + i)));
            Files.writeString(dir.resolve("http" + i + ".csv"), SyntheticFingerprints.toCsv(
                    SyntheticFingerprints.http(130 + 10 * i, 3 + i)));
        }
        return new Subject("fingerprints", i -> List.of("update", "fingerprints", "--dns-url",
                dir.resolve("dns" + i + ".csv").toString(), "--http-url", dir.resolve("http" + i + ".csv").toString(),
                "--force"), List.of(FingerprintTables.live(FingerprintKind.DNS),
                FingerprintTables.live(FingerprintKind.HTTP)));
    }

    Subject asnmeta() throws IOException {
        for (int i = 0; i < 2; i++) {
            StringBuilder json = new StringBuilder("{");
            for (int asn = 1; asn <= 400 + 50 * i; asn++) {
                json.append(asn == 1 ? "" : ",").append('"').append(asn).append("\":[[\"Org ").append(asn).append(" v")
                        .append(i).append("\",\"US\",\"20200101\",\"AS").append(asn).append("\",\"ARIN\"]]");
            }
            Files.writeString(dir.resolve("asn" + i + ".json"), json.append('}'));
        }
        return new Subject("asnmeta", i -> List.of("update", "asnmeta", "--source",
                dir.resolve("asn" + i + ".json").toString(), "--force"), List.of(AsnMetaTable.LIVE));
    }

    @Test
    void overlappingCitizenLabRuns() throws Exception {
        rounds(citizenlab());
    }

    @Test
    void overlappingFingerprintsRunsSwapBothTablesTogether() throws Exception {
        rounds(fingerprints());
    }

    @Test
    void overlappingAsnMetaRuns() throws Exception {
        rounds(asnmeta());
    }

    /** Five rounds of two runs and five of three, after one plain run of each input for the expected tables. */
    private void rounds(Subject s) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (RunProcess alone = start(s, i, quiet)) {
                assertEquals(0, alone.exit(), alone.output());
            }
            expected.add(snapshot(s));
        }
        assertNotEquals(expected.get(0), expected.get(1), "the two inputs must give different tables");
        for (int round = 0; round < 2 * ROUNDS; round++) {
            round(s, expected, round < ROUNDS ? 2 : 3, STAGGER_MILLIS[round % ROUNDS % STAGGER_MILLIS.length]);
        }
    }

    private void round(Subject s, List<String> expected, int runs, long stagger) throws Exception {
        long began = System.nanoTime();
        List<RunProcess> procs = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                if (i > 0) {
                    Thread.sleep(stagger);
                }
                procs.add(start(s, (procs.size() + 1) % 2, pausing));
            }
            for (RunProcess p : procs) {
                assertEquals(0, p.exit(), p.output());
            }
            String what = runs + " runs " + stagger + " ms apart";
            Map<String, RunProcess> byId = procs.stream().collect(Collectors.toMap(RunProcess::runId, p -> p));
            Map<String, String> recorded = recordedRuns(s.job());
            List<RunProcess> updated = new ArrayList<>();
            for (RunProcess p : procs) {
                Matcher skipped = SKIPPED.matcher(p.output());
                String outcome;
                if (skipped.find()) {
                    RunProcess other = byId.get(skipped.group(1));
                    assertTrue(other != null && other != p, what + ": the skipped run names another run of the "
                            + "round:\n" + p.output());
                    assertEquals(Long.toString(other.pid()), skipped.group(2), what + ": the pid of that run");
                    outcome = "skipped";
                } else {
                    // not skipped: its job_runs row below must say it updated
                    updated.add(p);
                    outcome = "ok";
                }
                assertEquals(outcome, recorded.get(p.runId()), () -> what + ": job_runs row of run " + p.runId() + ":\n"
                        + p.output());
            }
            assertTrue(!updated.isEmpty(), what + ": no run updated");
            RunProcess last = updated.stream().max(Comparator.comparingLong(p -> p.nanosOf("swapped"))).orElseThrow();
            assertEquals(expected.get(last.input), snapshot(s), what + ": the live tables are the last swap's input");
            assertEquals(List.of(), stagingTables(s), what + ": no staging table left");
            System.out.println(s.job() + ": " + what + ": " + updated.size() + " updated, " + (runs - updated.size())
                    + " skipped, " + (System.nanoTime() - began) / 1_000_000 + " ms");
        } finally {
            for (RunProcess p : procs) {
                p.close();
            }
        }
    }

    @Test
    void killMinus9OfTheLeaseHolderThenANewRunTakesOver() throws Exception {
        Subject s = fingerprints();
        Path holding = Files.writeString(dir.resolve("holding.toml"), Files.readString(quiet)
                + "[debug]\npause_before_swap_seconds = 60\n");
        try (RunProcess first = start(s, 0, quiet)) {
            assertEquals(0, first.exit(), first.output());
        }
        String before = snapshot(s);
        try (RunProcess holder = start(s, 1, holding)) {
            holder.awaitLine("pausing 60 s before the swap");
            holder.kill9();
            assertEquals(before, snapshot(s), "the killed run changed nothing live");
            try (RunProcess next = start(s, 1, quiet)) {
                assertEquals(0, next.exit(), next.output());
                assertTrue(next.output().contains("left by a run that is no longer alive"), next.output());
                assertTrue(!dbUrl().startsWith("clickhouse") || next.output().contains("fingerprints: took the lease "
                        + "over from run " + holder.runId() + " on host "), next.output());
                assertEquals("ok", recordedRuns("fingerprints").get(next.runId()));
            }
        }
        assertNotEquals(before, snapshot(s));
        try (RunProcess again = start(s, 1, quiet)) {
            assertEquals(0, again.exit(), again.output());
        }
        assertEquals(List.of(), stagingTables(s));
    }

    @Test
    void waitWaitsForTheRunningRunInsteadOfSkipping() throws Exception {
        Subject s = citizenlab();
        Path holding = Files.writeString(dir.resolve("holding.toml"), Files.readString(quiet)
                + "[debug]\npause_before_swap_seconds = 25\n");
        try (RunProcess holder = start(s, 0, holding)) {
            holder.awaitLine("pausing 25 s before the swap");
            List<String> args = new ArrayList<>(List.of("--wait", "60"));
            args.addAll(s.args().apply(1));
            try (RunProcess waiter = RunProcess.cli(1, withStore(quiet, args))) {
                waiter.awaitLine("citizenlab: another run is in progress (run " + holder.runId() + " on host ");
                assertEquals(0, holder.exit(), holder.output());
                assertEquals(0, waiter.exit(), waiter.output());
                assertTrue(waiter.output().contains("citizenlab: another run is in progress (run " + holder.runId()
                        + " on host "), waiter.output());
                assertEquals("ok", recordedRuns("citizenlab").get(waiter.runId()));
            }
        }
        String afterWait = snapshot(s);
        try (RunProcess alone = start(s, 1, quiet)) {
            assertEquals(0, alone.exit(), alone.output());
        }
        assertEquals(snapshot(s), afterWait, "the live table after the wait is input 1's");
    }

    private RunProcess start(Subject s, int input, Path config) throws IOException {
        return RunProcess.cli(input, withStore(config, s.args().apply(input)));
    }

    private List<String> withStore(Path config, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", dbUrl()));
        all.addAll(args);
        return all;
    }

    /** Every row of the subject's live tables, sorted, as one text. */
    String snapshot(Subject s) {
        StringBuilder out = new StringBuilder();
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            for (TableSchema t : s.live()) {
                String cols = String.join(", ", t.columnNames());
                out.append(t.name()).append('\n');
                wh.forEachRow("SELECT " + cols + " FROM " + t.name() + " ORDER BY " + cols,
                        r -> out.append(String.join("|", r)).append('\n'));
            }
        }
        return out.toString();
    }

    List<String> stagingTables(Subject s) {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            return wh.listTables().stream().filter(t -> s.live().stream().anyMatch(l -> t.startsWith(l.name()
                    + "_stg_"))).toList();
        }
    }

    Map<String, String> jobRuns(String job) {
        Map<String, String> runs = new HashMap<>();
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            wh.forEachRow("SELECT run_id, outcome FROM job_runs WHERE job = ?", List.of(job),
                    r -> runs.put(r.get(0), r.get(1)));
        }
        return runs;
    }
}
