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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.backup.S3TestServer;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.citizenlab.SyntheticTestLists;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.detector.DetectorTables;
import org.ooni.analysis.fingerprints.FingerprintKind;
import org.ooni.analysis.fingerprints.FingerprintTables;
import org.ooni.analysis.fingerprints.SyntheticFingerprints;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * Overlapping runs of each writing job (the updaters, {@code generate measurements --replace}, {@code detect},
 * {@code restore}), as separate processes on one store: rounds of two and of three runs started a little apart
 * (0 to 1.5 s), with debug pauses after the lease, after the load and before the swap, so later runs arrive while
 * the first one is at each step. After every round: each run either updated (exit 0), or said in one line which run
 * it found going, that run being one of the round's (exit 0), or, for a restore that came after another one filled
 * the target, was refused (exit 2); {@code job_runs} holds exactly that outcome under its run id; the live tables
 * equal exactly the input of the last run that swapped; no staging table is left. Then kill -9 of a lease holder
 * (fingerprints, restore) and a run that takes over with no manual step, and {@code --wait}.
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

    /**
     * One writing job under test: its name, the command line for input 0 or 1, the live tables it writes (the columns
     * compared), the configuration lines input 0 or 1 adds, what the store needs before every round (a restore needs
     * an empty target), the start of the one-line refusal (exit 2) of a run that comes after another run of the round
     * filled the target, the stagger of the rounds and the length of each debug pause.
     */
    record Subject(String job, IntFunction<List<String>> args, List<TableSchema> live, IntFunction<String> config,
                   Runnable reset, String refusal, long[] stagger, double pause) {
        Subject(String job, IntFunction<List<String>> args, List<TableSchema> live) {
            this(job, args, live, i -> "", () -> { }, null, STAGGER_MILLIS, 0.4);
        }
    }

    /** Shorter steps for the jobs added later: the runs still meet at the lease, the load and the swap. */
    private static final long[] BRISK_STAGGER_MILLIS = {0, 150, 350, 600, 900};
    private static final double BRISK_PAUSE = 0.3;

    private String base;
    private Path quiet;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void writeConfigs() throws IOException {
        base = "[statsd]\nenabled = false\n[citizenlab]\nmin_rows = 1\n[fingerprints]\nmin_rows = 100\n"
                + "[asnmeta]\nmin_rows = 1\n[lease]\nexpiry_seconds = 10\n";
        quiet = Files.writeString(dir.resolve("quiet.toml"), base);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    /** The configuration of a run of {@code s} on input {@code input}, with the subject's debug pauses or none. */
    private Path config(Subject s, int input, boolean pausing) throws IOException {
        Path file = dir.resolve(s.job() + "-" + input + (pausing ? "-pausing" : "-quiet") + ".toml");
        if (!Files.exists(file)) {
            String pauses = pausing ? "[debug]\npause_after_lease_seconds = " + s.pause() + "\npause_after_load_seconds = "
                    + s.pause() + "\npause_before_swap_seconds = " + s.pause() + "\n" : "";
            Files.writeString(file, base + pauses + s.config().apply(input));
        }
        return file;
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

    private static final String FROM = "2024-01-01T00:00:00Z";

    /** Synthetic measurements of one network and domain; the two inputs differ by seed (a few hundred rows each). */
    Subject generate() {
        return new Subject("generate-measurements", i -> List.of("generate", "measurements", "--from", FROM, "--to",
                "2024-01-03T00:00:00Z", "--countries", "IR", "--asns-per-country", "1", "--domains", "twitter.com",
                "--episodes", "1", "--seed", Integer.toString(1 + i), "--replace", "--fastpath"),
                List.of(DetectorTables.MEASUREMENTS, DetectorTables.FASTPATH), i -> "", () -> { }, null,
                BRISK_STAGGER_MILLIS, BRISK_PAUSE);
    }

    /**
     * detect over one week of measurements generated once; the two inputs differ by the CUSUM's expected detection
     * delay, so their changepoints (threshold h) and states differ. Both cover the same range from a fresh start,
     * so each run's result is its input's alone. {@code detection_time} is the run's clock and not compared.
     */
    Subject detect() {
        CliRun.Result made = CliRun.run("--config", quiet.toString(), "--db", dbUrl(), "generate", "measurements",
                "--from", FROM, "--to", "2024-01-08T00:00:00Z", "--countries", "IR", "--asns-per-country", "1",
                "--domains", "twitter.com,t.me", "--episodes", "2", "--seed", "5", "--replace");
        assertEquals(0, made.exitCode(), made.err());
        TableSchema cp = DetectorTables.CHANGEPOINTS;
        TableSchema compared = new TableSchema(cp.name(), cp.columns().stream()
                .filter(c -> !c.name().equals("detection_time")).toList(), List.of(), cp.engine());
        return new Subject("detect", i -> List.of("detect", "--from", FROM, "--to", "2024-01-08T00:00:00Z"),
                List.of(compared, DetectorTables.CUSUMS), i -> "[detector]\nedd = " + (4 + 8 * i) + "\n", () -> { },
                null, BRISK_STAGGER_MILLIS, BRISK_PAUSE);
    }

    /**
     * restore into one target from S3 (S3Proxy): two source tables backed up once, input i restores {@code pairs<i>}
     * into {@code pairs_back}, which is dropped before every round (a restore needs an empty target). A run that
     * comes after another run of its round restored is refused: the target is not empty.
     */
    Subject restore() throws IOException {
        S3TestServer s3 = S3TestServer.start();
        servers.add(s3);
        s3.createBucket("overlap");
        String destination = "[backup]\npause_seconds = 0\nretry_backoff_ms = 1\n[backup.destinations.private]\n"
                + "endpoint = \"" + s3.endpoint() + "\"\nbucket = \"overlap\"\npath_style = true\naccess_key_id = \""
                + S3TestServer.ACCESS_KEY + "\"\nsecret_access_key = \"" + S3TestServer.SECRET_KEY + "\"\n"
                + "[backup.tables]\npairs0 = \"full\"\npairs1 = \"full\"\npairs_back = \"ignore\"\n";
        Path backup = Files.writeString(dir.resolve("backup.toml"), base + destination);
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), false)) {
            for (int i = 0; i < 2; i++) {
                TableSchema source = PAIRS.named("pairs" + i);
                int input = i;
                wh.createTableIfMissing(source);
                wh.insertRows(source, LongStream.range(0, 300 + 50 * i)
                        .mapToObj(n -> new Object[] {"p" + input + "-" + n % 7, n}).iterator());
            }
        }
        CliRun.Result backedUp = CliRun.run("--config", backup.toString(), "--db", dbUrl(), "backup");
        assertEquals(0, backedUp.exitCode(), backedUp.err());
        return new Subject("restore", i -> List.of("restore", "pairs" + i, "--into", PAIRS.name()),
                List.of(PAIRS), i -> destination, () -> {
                    try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), false)) {
                        wh.dropTableIfExists(PAIRS.name());
                    }
                }, "error: usage error: restore target " + PAIRS.name() + " exists and is not empty", BRISK_STAGGER_MILLIS,
                BRISK_PAUSE);
    }

    private static final TableSchema PAIRS = new TableSchema("pairs_back", List.of(new Column("name",
            ColumnType.STRING), new Column("n", ColumnType.INT64)), List.of("n"), Engine.MERGE_TREE);

    @Test
    void overlappingGenerateRuns() throws Exception {
        rounds(generate());
    }

    @Test
    void overlappingDetectRuns() throws Exception {
        rounds(detect());
    }

    @Test
    void overlappingRestoreRuns() throws Exception {
        rounds(restore());
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
        long began = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            // in this process: the same command, without a JVM start
            s.reset().run();
            List<String> args = withStore(config(s, i, false), s.args().apply(i));
            CliRun.Result alone = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, alone.exitCode(), alone.err());
            expected.add(snapshot(s));
        }
        assertNotEquals(expected.get(0), expected.get(1), "the two inputs must give different tables");
        for (int round = 0; round < 2 * ROUNDS; round++) {
            round(s, expected, round < ROUNDS ? 2 : 3, s.stagger()[round % ROUNDS % s.stagger().length]);
        }
        System.out.println(s.job() + ": " + 2 * ROUNDS + " rounds in " + (System.nanoTime() - began) / 1_000_000
                + " ms");
    }

    private void round(Subject s, List<String> expected, int runs, long stagger) throws Exception {
        long began = System.nanoTime();
        s.reset().run();
        List<RunProcess> procs = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                if (i > 0) {
                    Thread.sleep(stagger);
                }
                procs.add(start(s, (procs.size() + 1) % 2, true));
            }
            String what = runs + " runs " + stagger + " ms apart";
            for (RunProcess p : procs) {
                int exit = p.exit();
                boolean refused = s.refusal() != null && p.output().contains(s.refusal());
                assertEquals(refused ? 2 : 0, exit, what + ":\n" + p.output());
            }
            Map<String, RunProcess> byId = procs.stream().collect(Collectors.toMap(RunProcess::runId, p -> p));
            Map<String, String> recorded = recordedRuns(s.job());
            List<RunProcess> updated = new ArrayList<>();
            List<RunProcess> refusedRuns = new ArrayList<>();
            for (RunProcess p : procs) {
                Matcher skipped = SKIPPED.matcher(p.output());
                String outcome;
                if (s.refusal() != null && p.output().contains(s.refusal())) {
                    refusedRuns.add(p);
                    outcome = "failed";
                } else if (skipped.find()) {
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
            for (RunProcess p : refusedRuns) {
                // refused only once the target was filled: after a swap of this round
                assertTrue(updated.stream().anyMatch(u -> u.nanosOf("swapped") < p.nanosOf(s.refusal())),
                        what + ": refused before any run of the round swapped:\n" + p.output());
            }
            assertEquals(expected.get(last.input), snapshot(s), what + ": the live tables are the last swap's input");
            assertEquals(List.of(), stagingTables(s), what + ": no staging table left");
            System.out.println(s.job() + ": " + what + ": " + updated.size() + " updated, " + refusedRuns.size()
                    + " refused, " + (runs - updated.size() - refusedRuns.size()) + " skipped, "
                    + (System.nanoTime() - began) / 1_000_000 + " ms");
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
    void killMinus9OfARestoreThenTheNextRestoreDropsItsStagingTable() throws Exception {
        Subject s = restore();
        Path holding = Files.writeString(dir.resolve("restore-holding.toml"), Files.readString(config(s, 0, false))
                + "[debug]\npause_before_swap_seconds = 60\n");
        String killed;
        try (RunProcess holder = start(s, 0, holding)) {
            holder.awaitLine("pausing 60 s before the swap");
            holder.kill9();
            killed = PAIRS.name() + "_restoring_" + holder.runId();
            assertEquals(List.of(killed), stagingTables(s), "the killed run's staging table is left");
            try (RunProcess next = start(s, 1, false)) {
                assertEquals(0, next.exit(), next.output());
                assertTrue(next.output().contains("restore: dropped " + killed + ", left by a run that is no longer "
                        + "alive"), next.output());
                assertTrue(next.output().contains("restore: updated"), next.output());
                assertEquals("ok", recordedRuns("restore").get(next.runId()));
            }
        }
        assertEquals(List.of(), stagingTables(s));
        String restored = snapshot(s);
        s.reset().run();
        CliRun.Result alone = CliRun.run(withStore(config(s, 1, false), s.args().apply(1)).toArray(String[]::new));
        assertEquals(0, alone.exitCode(), alone.err());
        assertEquals(snapshot(s), restored, "the restore after the takeover is input 1's, complete");
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

    private RunProcess start(Subject s, int input, boolean pausing) throws IOException {
        return start(s, input, config(s, input, pausing));
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
                    + "_stg_") || t.startsWith(l.name() + "_restoring"))).toList();
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
