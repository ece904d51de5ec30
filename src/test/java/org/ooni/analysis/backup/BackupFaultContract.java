package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.DelegatingWarehouse;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.RowRange;
import org.ooni.analysis.store.Warehouse;

/**
 * Faults during a backup, against a real store (subclasses) and S3Proxy: the S3 endpoint cut mid-upload, the
 * store failing mid-chunk, the process killed mid-run. Each asserts what S3 shows afterwards (no partial object,
 * no multipart upload left once a run succeeds) and that a rerun completes with rows identical to the source.
 */
abstract class BackupFaultContract {
    static final long ROWS = 20_000;
    private static final String CHUNK2 = "clickhouse_export/csv/fastpath_202402.csv.zstd";
    /** The request line of an UploadPart of month 2 (the SDK puts partNumber before uploadId). */
    private static final String PART_OF_CHUNK2 = "fastpath_202402.csv.zstd?partNumber=";
    private static S3TestServer s3;
    private static int bucketNo;

    @TempDir
    Path dir;

    /** A fresh empty store; returns its --db value. */
    protected abstract String freshStore();

    /** Opens the store of the last {@link #freshStore()}; the caller closes it before running the CLI. */
    protected abstract Warehouse open();

    @BeforeAll
    static void startS3() {
        s3 = S3TestServer.start(0, 16 << 10);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private String bucket;
    private String db;
    private Path config;

    private void setUp(String endpoint, String extra) throws IOException {
        db = freshStore();
        bucket = "faults-" + (++bucketNo);
        s3.createBucket(bucket);
        writeConfig(endpoint, extra);
        try (Warehouse w = open()) {
            w.createTableIfMissing(FastpathRows.FASTPATH);
            w.insertRows(FastpathRows.FASTPATH, FastpathRows.rows(ROWS));
        }
    }

    // small parts so each month chunk is a multipart upload of several parts
    private void writeConfig(String endpoint, String extra) throws IOException {
        config = dir.resolve("analysis.toml");
        Files.writeString(config, """
                [backup]
                pause_seconds = 0
                retry_backoff_ms = 1
                max_attempts = 2
                part_size_bytes = 65536
                debug_minimum_part_size_bytes = 65536
                %s
                [backup.destinations.private]
                endpoint = "%s"
                bucket = "%s"
                prefix = "ooni/"
                path_style = true
                access_key_id = "%s"
                secret_access_key = "%s"
                [backup.tables]
                fastpath = { policy = "full", chunk = "month" }
                """.formatted(extra, endpoint, bucket, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY));
    }

    private CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db, "--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** Data objects as S3 lists them, relative to the prefix. */
    private List<String> dataKeys() {
        List<String> keys = new ArrayList<>();
        s3.blobs().list(bucket, ListContainerOptions.Builder.prefix("ooni/clickhouse_export/").recursive())
                .forEach(m -> keys.add(m.getName().substring("ooni/".length())));
        return keys.stream().sorted().toList();
    }

    private List<String> manifestKeys() {
        List<String> keys = new ArrayList<>();
        s3.blobs().list(bucket, ListContainerOptions.Builder.prefix("ooni/manifests/").recursive())
                .forEach(m -> keys.add(m.getName().substring("ooni/".length())));
        return keys;
    }

    /** Multipart uploads in progress, listed through the S3 API directly (not through the proxy). */
    private List<String> pendingUploads() {
        try (S3ObjectStore direct = S3ObjectStore.open(new DestinationSettings(s3.endpoint(), "us-east-1", bucket,
                "ooni/", true, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, null, null), Map.of(), 5 << 20, 1)) {
            return direct.pendingUploads("");
        }
    }

    private static List<String> months(int from) {
        List<String> keys = new ArrayList<>();
        for (int m = from; m <= 4; m++) {
            keys.add("clickhouse_export/csv/fastpath_20240" + m + ".csv.zstd");
        }
        return keys;
    }

    /** A rerun restores into a new table with exactly the source's rows. */
    private void assertRestoresIdentical() {
        CliRun.Result verify = cli("verify", "fastpath");
        assertEquals(0, verify.exitCode(), verify.err());
        CliRun.Result restore = cli("restore", "fastpath", "--into", "fastpath_copy");
        assertEquals(0, restore.exitCode(), restore.err());
        try (Warehouse w = open()) {
            assertEquals(ROWS, w.countRows("fastpath_copy"));
            assertEquals(w.fingerprint("fastpath", null), w.fingerprint("fastpath_copy", null));
            assertEquals(BackupSamples.sorted(w, "fastpath"), BackupSamples.sorted(w, "fastpath_copy"));
        }
    }

    @Test
    void theEndpointGoingAwayMidUploadLeavesNoPartialObjectAndARerunCompletes() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.start(s3.port())) {
            setUp(proxy.endpoint(), "");
            // 20 kB into the first UploadPart request of month 2 (parts are 64 KiB): mid-body
            proxy.arm(CuttingProxy.Mode.GO_DOWN, PART_OF_CHUNK2, 20_000);
            CliRun.Result failed = cli("backup");
            assertEquals(3, failed.exitCode(), failed.err());
            assertTrue(proxy.isDown());
            assertTrue(failed.errorLine().contains(CHUNK2), failed.errorLine());
            assertEquals(List.of("clickhouse_export/csv/fastpath_202401.csv.zstd"), dataKeys(),
                    "only the finished chunk is visible; nothing of month 2");
            assertTrue(manifestKeys().stream().noneMatch(k -> k.startsWith("manifests/fastpath/") && k.endsWith("Z.json")),
                    "no complete manifest: " + manifestKeys());
            // the abort could not reach the endpoint: the upload is left for the next run to abort
            assertEquals(List.of(CHUNK2), pendingUploads());

            proxy.heal();
            CliRun.Result rerun = cli("backup");
            assertEquals(0, rerun.exitCode(), rerun.err());
            assertTrue(rerun.err().contains("aborted 1 multipart uploads left by an earlier run"), rerun.err());
            assertTrue(rerun.err().contains("resuming after unfinished run"), rerun.err());
            assertFalse(rerun.err().contains("uploaded clickhouse_export/csv/fastpath_202401"), rerun.err());
            assertEquals(months(1), dataKeys());
            assertEquals(List.of(), pendingUploads());
            assertRestoresIdentical();
        }
    }

    @Test
    void aConnectionCutMidPartEveryTimeFailsTheRunCleanlyAndARerunCompletes() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.start(s3.port())) {
            setUp(proxy.endpoint(), "");
            proxy.arm(CuttingProxy.Mode.RESET_MATCHING, PART_OF_CHUNK2, 20_000);
            CliRun.Result failed = cli("backup");
            assertEquals(3, failed.exitCode(), failed.err());
            assertTrue(failed.err().contains(CHUNK2 + ": attempt 1 failed"), failed.err());
            assertTrue(proxy.cuts() >= 2, "both attempts were cut: " + proxy.cuts());
            assertEquals(List.of("clickhouse_export/csv/fastpath_202401.csv.zstd"), dataKeys());
            // the endpoint stayed up, so each failed attempt aborted its own upload
            assertEquals(List.of(), pendingUploads());

            proxy.heal();
            CliRun.Result rerun = cli("backup");
            assertEquals(0, rerun.exitCode(), rerun.err());
            assertEquals(months(1), dataKeys());
            assertEquals(List.of(), pendingUploads());
            assertRestoresIdentical();
        }
    }

    /**
     * The store's connection breaks in the middle of every response to February's export query (a proxy in front of
     * ClickHouse ends it 30 kB in): the run fails with a last line naming the table, the chunk and its rows, leaves
     * nothing of February in S3 and no upload behind, and a rerun with the connection healed completes.
     */
    @Test
    void aStoreConnectionBrokenMidChunkFailsTheRunNamingTableAndChunk() throws Exception {
        setUp(s3.endpoint(), "");
        org.junit.jupiter.api.Assumptions.assumeTrue(db.startsWith("clickhouse:"),
                "the store runs in this process (DuckDB): there is no connection to break");
        String direct = db;
        int port = java.net.URI.create(direct.replace("clickhouse://", "http://")).getPort();
        try (CuttingProxy proxy = CuttingProxy.start(port)) {
            String proxied = proxy.endpoint().substring("http://".length());
            db = direct.replace("127.0.0.1:" + port, proxied);
            proxy.arm(CuttingProxy.Mode.CUT_RESPONSE, ">= '2024-02-01 00:00:00'", 30_000);
            CliRun.Result failed = cli("backup");
            assertEquals(6, failed.exitCode(), failed.err());
            assertEquals(2, proxy.cuts(), "both attempts were cut");
            String expected = java.util.regex.Pattern.quote("error: store error: backup of fastpath chunk fastpath_202402"
                    + " (rows with \"measurement_start_time\" >= '2024-02-01 00:00:00' AND \"measurement_start_time\""
                    + " < '2024-03-01 00:00:00'), 2 attempts: " + db + ": export of fastpath: connection broke after ")
                    + "\\d+ rows: (Truncated chunk \\(expected size: \\d+; actual size: \\d+\\)"
                    // the HTTP library's words for a cut body: chunked (18.16) or with a Content-Length (26.5 front)
                    + "|Premature end of Content-Length delimited message body \\(expected: \\d+; received: \\d+\\))";
            assertTrue(failed.errorLine().matches(expected), failed.errorLine());
            assertTrue(failed.err().contains(CHUNK2 + ": attempt 1 failed ("), failed.err());
            assertEquals(List.of("clickhouse_export/csv/fastpath_202401.csv.zstd"), dataKeys());
            assertEquals(List.of(), pendingUploads());
        }
        db = direct;
        CliRun.Result rerun = cli("backup");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertEquals(months(1), dataKeys());
        assertRestoresIdentical();
    }

    /**
     * Passes exports through, except the first one of {@code month}, which {@link #faultyExport} handles: the
     * common part of the fault injectors below.
     */
    private abstract static class FaultOnFirstExportOf extends DelegatingWarehouse {
        private final String month;
        private final AtomicInteger faults = new AtomicInteger();

        FaultOnFirstExportOf(Warehouse real, String month) {
            super(real);
            this.month = month;
        }

        /** How many times the fault was injected (0 or 1). */
        int faults() {
            return faults.get();
        }

        @Override
        public final Fingerprint exportCsvWithFingerprint(String table, RowRange range, OutputStream out) {
            if (range == null || !range.lower().startsWith(month) || !faults.compareAndSet(0, 1)) {
                return real.exportCsvWithFingerprint(table, range, out);
            }
            return faultyExport(table, range, out);
        }

        abstract Fingerprint faultyExport(String table, RowRange range, OutputStream out);
    }

    /** Fails the export of one chunk once, after some bytes, as a dropped store connection would. */
    private static final class FailingOnce extends FaultOnFirstExportOf {
        FailingOnce(Warehouse real, String month) {
            super(real, month);
        }

        @Override
        Fingerprint faultyExport(String table, RowRange range, OutputStream out) {
            OutputStream cutting = new OutputStream() {
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > 50_000) {
                        throw new IOException("injected: store connection lost after " + written + " bytes");
                    }
                    written += len;
                    out.write(b, off, len);
                }
            };
            try {
                real.exportCsvWithFingerprint(table, range, cutting);
            } catch (RuntimeException e) {
                throw new StoreError("export of " + table + " failed: " + e.getMessage(), e);
            }
            throw new AssertionError("the injected failure did not happen");
        }
    }

    /** Runs the backup job in this JVM on {@code store} (closed afterwards), logging into {@code logged}. */
    private JobResult runBackup(Warehouse store, ByteArrayOutputStream logged, Metrics metrics) throws IOException {
        AnalysisConfig cfg = AnalysisConfig.load(config);
        BackupSetup setup = BackupSetup.load(cfg, null, Map.of());
        try (store; PrintStream logOut = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            JobContext ctx = new JobContext(() -> store, metrics, new Log(logOut, false, false, Clock.systemUTC()),
                    Clock.systemUTC(), cfg, false, false);
            return new BackupJob(setup.plan(), setup.destinations(), setup.origin(), "test", d -> { }).run(ctx);
        }
    }

    @Test
    void theStoreFailingMidChunkIsRetriedAndTheRunSucceeds() throws Exception {
        setUp(s3.endpoint(), "");
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Metrics metrics = Metrics.inMemory();
        FailingOnce store = new FailingOnce(open(), "2024-02");
        JobResult result = runBackup(store, logged, metrics);
        assertEquals(1, store.faults(), "the fault was injected once");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertEquals(ROWS, result.rows());
        assertTrue(log.contains(CHUNK2 + ": attempt 1 failed (export of fastpath failed"), log);
        assertEquals(1.0, metrics.registry().counter("db-backup.chunk_retries").count());
        assertEquals(months(1), dataKeys());
        assertEquals(List.of(), pendingUploads());
        assertRestoresIdentical();
    }

    /**
     * Rows in the backup of February after one February row was written while February's export was streaming:
     * the row is in the object, or not, but the manifest's fingerprint always describes exactly the object.
     */
    protected abstract long rowsBackedUpWithARowWrittenMidExport();

    @Test
    void aRowWrittenWhileItsChunkIsExportedIsInTheObjectAndManifestOrInNeither() throws Exception {
        setUp(s3.endpoint(), "");
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Metrics metrics = Metrics.inMemory();
        WritingDuringExport store = new WritingDuringExport(open(), "2024-02");
        JobResult result = runBackup(store, logged, metrics);
        assertEquals(1, store.faults(), "one export was watched");
        assertTrue(store.inserted, "the row was written during the export");
        String log = logged.toString(StandardCharsets.UTF_8);
        long expected = rowsBackedUpWithARowWrittenMidExport();
        assertEquals(expected, result.rows(), log);
        // a retry exactly when the export could not vouch for one moment (DuckDB: fingerprint before != after)
        assertEquals(expected == ROWS + 1 ? 1.0 : 0.0,
                metrics.registry().counter("db-backup.chunk_retries").count(), log);
        CliRun.Result restore = cli("restore", "fastpath", "--into", "fastpath_copy");
        assertEquals(0, restore.exitCode(), "restore checks each chunk's rows and fingerprint: " + restore.err());
        try (Warehouse w = open()) {
            assertEquals(expected, w.countRows("fastpath_copy"));
            assertEquals(ROWS + 1, w.countRows("fastpath"));
        }
    }

    /** Writes one row into {@code month} through its own connection once the month's export has sent 50 kB. */
    private final class WritingDuringExport extends FaultOnFirstExportOf {
        private final String month;
        private boolean inserted;

        WritingDuringExport(Warehouse real, String month) {
            super(real, month);
            this.month = month;
        }

        @Override
        Fingerprint faultyExport(String table, RowRange range, OutputStream out) {
            OutputStream writing = new java.io.FilterOutputStream(out) {
                long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written += len;
                    if (written > 50_000 && !inserted) {
                        inserted = true;
                        insertOneRow();
                    }
                }
            };
            return real.exportCsvWithFingerprint(table, range, writing);
        }

        private void insertOneRow() {
            java.time.Instant at = java.time.Instant.parse(month + "-15T00:00:00Z");
            Object[] row = {"written-mid-export", at, "IT", 1L, "tor", "a row written during the export", 1, 0f,
                at.atZone(java.time.ZoneOffset.UTC).toLocalDate()};
            try (Warehouse other = open()) {
                other.insertRows(FastpathRows.FASTPATH, List.<Object[]>of(row).iterator());
            }
        }
    }

    /**
     * Two overlapping backups of one store to one destination: the second finds the first's lease, says which run
     * it is, is skipped (exit 0) and writes nothing, so every manifest names objects as the one run that wrote them
     * left them; verify then exits 0.
     */
    @Test
    void anOverlappingBackupIsSkippedAndVerifyPassesAfterwards() throws Exception {
        setUp(s3.endpoint(), "debug_pause_after_chunk_seconds = 1");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.ooni.analysis.cli.Main",
                "--db", db, "--config", config.toString(), "backup")
                .redirectErrorStream(true).start();
        List<String> childLog = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                childLog.add(line);
                if (line.contains("debug pause after ")) {
                    CliRun.Result second = cli("backup");
                    assertEquals(0, second.exitCode(), second.err());
                    assertTrue(second.out().contains("backup: skipped: another run is in progress (run "), second.out());
                    assertTrue(second.out().contains(", pid " + child.pid() + ", started "), second.out());
                    break;
                }
            }
            while ((line = r.readLine()) != null) {
                childLog.add(line);
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), String.join("\n", childLog));
        } finally {
            child.destroyForcibly();
        }
        CliRun.Result verify = cli("verify", "fastpath");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
    }

    @Test
    void aProcessKilledBetweenChunksResumesAndSkipsFinishedChunks() throws Exception {
        setUp(s3.endpoint(), "debug_pause_after_chunk_seconds = 120");
        String first = "clickhouse_export/csv/fastpath_202401.csv.zstd";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.ooni.analysis.cli.Main",
                "--db", db, "--config", config.toString(), "backup")
                .redirectErrorStream(true).start();
        List<String> childLog = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                childLog.add(line);
                if (line.contains("debug pause after " + first)) {
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(childLog.stream().anyMatch(l -> l.contains("debug pause after " + first)), String.join("\n", childLog));
        assertEquals(List.of(first), dataKeys(), "killed after the first chunk");
        assertTrue(manifestKeys().stream().noneMatch(k -> k.endsWith("Z.json")), "no complete manifest: " + manifestKeys());
        BlobMetadata before = s3.blobs().blobMetadata(bucket, "ooni/" + first);

        writeConfig(s3.endpoint(), "");
        Thread.sleep(1100); // S3 times have one-second resolution: a re-upload would show a later LastModified
        CliRun.Result rerun = cli("backup");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.err().contains("resuming after unfinished run"), rerun.err());
        assertTrue(rerun.out().contains("fastpath: 4 chunks (3 uploaded, 1 unchanged)"), rerun.out());
        assertFalse(rerun.err().contains("uploaded " + first), rerun.err());
        BlobMetadata after = s3.blobs().blobMetadata(bucket, "ooni/" + first);
        assertEquals(before.getETag(), after.getETag());
        assertEquals(before.getLastModified(), after.getLastModified());
        assertEquals(months(1), dataKeys());
        assertEquals(List.of(), pendingUploads());
        assertRestoresIdentical();
    }

    @Test
    void aProcessKilledMidUploadLeavesNoPartialObjectAndARerunAbortsItsUploadAndResumes() throws Exception {
        String first = "clickhouse_export/csv/fastpath_202401.csv.zstd";
        try (CuttingProxy proxy = CuttingProxy.start(s3.port())) {
            setUp(proxy.endpoint(), "");
            // the second part of month 2 (at least 15 kB on both stores) hangs 5 kB after its request line, past
            // the headers: the upload is certainly in flight
            proxy.arm(CuttingProxy.Mode.STALL, "fastpath_202402.csv.zstd?partNumber=2&", 5_000);
            Path childLog = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.ooni.analysis.cli.Main",
                    "--db", db, "--config", config.toString(), "backup")
                    .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
            try {
                assertTrue(proxy.awaitStall(120), "the child never reached part 2 of month 2:\n"
                        + Files.readString(childLog));
                // S3 has received at least one part of month 2 (part 1) before the kill
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (partsReceived(CHUNK2) < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(partsReceived(CHUNK2) >= 1, "no part of month 2 reached S3; uploads " + pendingUploads()
                        + "; child:\n" + Files.readString(childLog));
                assertTrue(child.isAlive(), "killed while the upload is in flight, not after:\n" + Files.readString(childLog));
            } finally {
                child.destroyForcibly(); // SIGKILL: no abort, no shutdown hook
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(List.of(first), dataKeys(), "no partial object of month 2 is visible");
            assertTrue(manifestKeys().stream().noneMatch(k -> k.endsWith("Z.json")), "no complete manifest: " + manifestKeys());
            assertEquals(List.of(CHUNK2), pendingUploads(), "the killed process left its upload dangling");
            BlobMetadata before = s3.blobs().blobMetadata(bucket, "ooni/" + first);

            proxy.heal();
            Thread.sleep(1100); // S3 times have one-second resolution: a re-upload would show a later LastModified
            CliRun.Result rerun = cli("backup");
            assertEquals(0, rerun.exitCode(), rerun.err());
            assertTrue(rerun.err().contains("aborted 1 multipart uploads left by an earlier run"), rerun.err());
            assertTrue(rerun.err().contains("resuming after unfinished run"), rerun.err());
            assertTrue(rerun.out().contains("fastpath: 4 chunks (3 uploaded, 1 unchanged)"), rerun.out());
            assertFalse(rerun.err().contains("uploaded " + first), rerun.err());
            BlobMetadata after = s3.blobs().blobMetadata(bucket, "ooni/" + first);
            assertEquals(before.getETag(), after.getETag());
            assertEquals(before.getLastModified(), after.getLastModified());
            assertEquals(months(1), dataKeys());
            assertEquals(List.of(), pendingUploads(), "no dangling multipart upload");
            assertRestoresIdentical();
        }
    }

    /** Parts S3 holds for the multipart uploads in progress of one key (relative to the prefix). */
    private int partsReceived(String key) {
        return s3.blobs().listMultipartUploads(bucket).stream().filter(u -> u.blobName().equals("ooni/" + key))
                .mapToInt(u -> s3.blobs().listMultipartUpload(u).size()).sum();
    }
}
