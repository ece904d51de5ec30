package org.ooni.analysis.backup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.job.StagedLoad;
import org.ooni.analysis.lease.TableLeases;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.runs.JobRunsTable;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.Warehouse;

/**
 * The backup job: runs the {@code [backup]} policy of every table.
 *
 * <p>Reads every table of the store (one query at a time: chunk boundaries, fingerprints where a chunk may be
 * unchanged, then each chunk as CSVWithNames). Writes, per destination bucket: one zstd-compressed CSV object per
 * chunk under {@code clickhouse_export/csv/} (the original tool's keys), {@code schema/{table}.sql}, a progress
 * object after each chunk, and last the run's manifest {@code manifests/{table}/{run}.json}. Nothing is written to
 * local disk.
 * Tables in the store that the configuration does not list are reported, counted in {@code unlisted_tables} and
 * fail the run after the listed tables are done.
 *
 * <p>Run locally against an in-memory S3 such as S3Proxy:
 * {@code ooni-analysis --db duckdb:var/analysis.duckdb --config analysis.toml backup} (see docs/backup.md).
 */
public final class BackupJob implements Job {
    static final String METRICS_PREFIX = "db-backup";
    static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** The tool's own state table (and {@code job_runs}, {@code job_leases}): always skipped, need not be listed. */
    static final String STATE_TABLE = "analysis_state";

    private final BackupPlan plan;
    private final Function<String, ObjectStore> destinations;
    private final String origin;
    private final String toolVersion;
    private final ChunkExporter.Sleeper sleeper;

    /**
     * @param destinations opens the object store of a destination name (called once per name; the job closes them)
     * @param origin       the configuration file, for messages
     */
    public BackupJob(BackupPlan plan, Function<String, ObjectStore> destinations, String origin, String toolVersion,
                     ChunkExporter.Sleeper sleeper) {
        this.plan = plan;
        this.destinations = destinations;
        this.origin = origin;
        this.toolVersion = toolVersion;
        this.sleeper = sleeper;
    }

    /** Sleeps for real; what the CLI uses. */
    public static ChunkExporter.Sleeper realSleeper() {
        return d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public JobResult run(JobContext ctx) {
        Metrics metrics = ctx.metrics().scoped(METRICS_PREFIX);
        metrics.gauge("status", 1);
        Map<String, ObjectStore> open = new HashMap<>();
        try {
            JobResult result = metrics.time("run_export", () -> runAll(ctx, metrics, open));
            metrics.gauge("status", 0);
            return result;
        } catch (RuntimeException e) {
            metrics.gauge("status", 2);
            throw e;
        } finally {
            open.values().forEach(ObjectStore::close);
        }
    }

    private JobResult runAll(JobContext ctx, Metrics metrics, Map<String, ObjectStore> open) {
        Warehouse warehouse = ctx.warehouse();
        // before anything is read or written: a native policy on a server without BACKUP is a configuration error
        NativeBackup.refuseUnsupported(plan, warehouse, origin);
        List<String> live = warehouse.listTables();
        TreeSet<String> unlisted = new TreeSet<>(live);
        unlisted.removeAll(plan.tables().keySet());
        unlisted.remove(STATE_TABLE);
        unlisted.remove(JobRunsTable.NAME);
        unlisted.removeIf(TableLeases::isLeaseTable); // run leases, the tool's own
        // staging tables of runs going on now (or dead): transient, never data to back up
        unlisted.removeIf(t -> StagedLoad.isStaging(t) || RestoreJob.isStaging(t));
        if (!plan.everyTableListed()) {
            unlisted.clear(); // the original's export publishes its tables and leaves the others alone
        }
        metrics.gauge("unlisted_tables", unlisted.size());
        for (String t : unlisted) {
            ctx.log().warn("backup: table " + t + " is not listed in [backup.tables] (" + origin + "); add it, even as \"ignore\"");
        }
        String source = StoreIdentity.of(warehouse, plan.settings().storeName());
        List<String> summary = new ArrayList<>();
        long[] uploadedBytes = {0};
        long totalRows = 0;
        for (TablePolicy policy : plan.tables().values()) {
            if (policy.mode() == TablePolicy.Mode.IGNORE) {
                ctx.log().debug("backup " + policy.table() + ": ignored by policy");
                continue;
            }
            if (!live.contains(policy.table())) {
                ctx.log().warn("backup " + policy.table() + ": listed but not in the store; skipped");
                summary.add(policy.table() + ": missing from the store");
                continue;
            }
            ObjectStore objects = open.computeIfAbsent(policy.destination(), name -> {
                ObjectStore s = destinations.apply(name);
                requireSameStore(s, name, source);
                if (!ctx.dryRun()) {
                    int aborted = s.abortDanglingUploads(ChunkKeys.DATA);
                    if (aborted > 0) {
                        ctx.log().info("backup: aborted " + aborted + " multipart uploads left by an earlier run in " + s.describe());
                    }
                }
                return s;
            });
            TableRun r = policy.mode() == TablePolicy.Mode.NATIVE
                    ? nativeBackup(ctx, metrics, warehouse, objects, policy, uploadedBytes, source)
                    : backupTable(ctx, metrics, warehouse, objects, policy, uploadedBytes, source);
            totalRows += r.rows;
            summary.add(policy.table() + ": " + r.chunks + " chunks (" + r.uploaded + " uploaded, " + r.unchanged
                    + " unchanged), " + r.rows + " rows, " + r.bytes + " bytes in " + objects.describe()
                    + (ctx.dryRun() ? " (dry run)" : " run " + r.runId));
        }
        if (!unlisted.isEmpty()) {
            summary.forEach(line -> ctx.log().info("backup: " + line));
            throw SanityCheckFailed.found("unlisted tables", unlisted.size(), unlisted.size() + " table"
                    + (unlisted.size() == 1 ? " is" : "s are") + " not listed in [backup.tables] and not backed up: "
                    + String.join(", ", unlisted) + " (give each a policy there, e.g. ignore)");
        }
        return new JobResult(name(), ctx.dryRun() ? Outcome.DRY_RUN : Outcome.UPDATED, totalRows, null, summary);
    }

    /**
     * Refuses a destination whose newest run of any table was written from another store: the two stores' objects
     * would replace each other at the same keys, and each one's manifests would name the other's objects. Manifests
     * written before the store was recorded say nothing and are accepted.
     */
    private static void requireSameStore(ObjectStore objects, String destination, String source) {
        ManifestStore manifests = new ManifestStore(objects);
        Set<String> tables = new HashSet<>();
        for (ManifestStore.RunRef run : manifests.runs(null)) {
            if (!tables.add(run.table())) {
                continue; // runs come newest first within a table: only the newest one counts
            }
            String other = manifests.read(run.key()).source();
            if (other != null && !other.equals(source)) {
                throw new InvalidInput("backup destination " + destination + " (" + objects.describe() + ")", 0, 0,
                        "holds backups written from the store " + other + " (" + run.key() + "), not from this store "
                        + source + "; give each store a destination of its own (another bucket or prefix), or, if"
                        + " this is that store under a new name, set [backup] store_name = \"" + other + "\"");
            }
        }
    }

    // the text of a ClickHouse DateTime without its own zone is in the server's: a cross-store restore needs it
    private static String timeZone(Warehouse warehouse) {
        if (warehouse.kind() != StoreUrl.Kind.CLICKHOUSE) {
            return null;
        }
        List<String> zone = new ArrayList<>();
        warehouse.forEachRow("SELECT timezone()", zone::addAll);
        return zone.isEmpty() ? null : zone.get(0);
    }

    private record TableRun(String runId, int chunks, int uploaded, int unchanged, long rows, long bytes) {
    }

    private TableRun nativeBackup(JobContext ctx, Metrics metrics, Warehouse warehouse, ObjectStore objects,
                                  TablePolicy policy, long[] uploadedBytes, String source) {
        long start = System.nanoTime();
        String table = policy.table();
        Instant started = ctx.clock().instant();
        String runId = RUN_ID.format(started);
        ManifestStore manifests = new ManifestStore(objects);
        Optional<Manifest> last = policy.nativeOnBase() ? manifests.latestComplete(table)
                .filter(m -> m.store().equals(Manifest.storeName(warehouse.kind())) && NativeBackup.isNative(m))
                : Optional.empty();
        TableInfo info = warehouse.describeTable(table);
        NativeBackup nativeBackup = new NativeBackup(warehouse, objects, ctx.log());
        Manifest.Entry e = nativeBackup.backup(table, runId, last.map(m -> m.chunks().get(0)).orElse(null),
                plan.settings().maxAttempts(), ctx.dryRun());
        if (e == null) {
            return new TableRun(runId, 0, 0, 0, 0, 0);
        }
        objects.put(ChunkKeys.schema(table), (info.ddl() + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        manifests.write(new Manifest(Manifest.FORMAT, table, runId, "complete", NativeBackup.KIND, started.toString(),
                ctx.clock().instant().toString(), toolVersion, Manifest.storeName(warehouse.kind()),
                policy.destination(), info, NativeBackup.KIND, last.map(Manifest::runId).orElse(null), List.of(e),
                timeZone(warehouse), source));
        uploadedBytes[0] += e.compressedBytes();
        metrics.gauge("uploaded_bytes_tot", uploadedBytes[0]);
        metrics.gauge("table_" + table + "_last_success", ctx.clock().instant().getEpochSecond());
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        metrics.gauge("table_" + table + "_backup_time_ms", ms);
        ctx.log().info("backup " + table + ": done, native backup " + e.key() + (e.baseBackup() == null ? ""
                : " on base " + e.baseBackup()) + ", " + e.rows() + " rows, " + e.objectCount() + " objects, "
                + e.compressedBytes() + " bytes, " + ms + " ms");
        return new TableRun(runId, 1, 1, 0, e.rows(), e.compressedBytes());
    }

    private TableRun backupTable(JobContext ctx, Metrics metrics, Warehouse warehouse, ObjectStore objects,
                                 TablePolicy policy, long[] uploadedBytes, String source) {
        long start = System.nanoTime();
        String table = policy.table();
        Instant started = ctx.clock().instant();
        String runId = RUN_ID.format(started);
        TableInfo info = warehouse.describeTable(table);
        ChunkPlanner.Resolved resolved = ChunkPlanner.resolve(policy, info, origin);
        List<ChunkPlanner.Chunk> chunks = ChunkPlanner.plan(table, resolved, warehouse, policy.pageRows());
        ctx.log().info("backup " + table + ": " + chunks.size() + " chunks by " + resolved.describe() + ", policy "
                + policy.mode().name().toLowerCase(Locale.ROOT) + ", to " + objects.describe());

        String storeKind = Manifest.storeName(warehouse.kind());
        ManifestStore manifests = new ManifestStore(objects);
        Map<String, Manifest.Entry> reusable = new HashMap<>();
        String baseRun = null;
        if (policy.mode() == TablePolicy.Mode.INCREMENTAL) {
            Optional<Manifest> last = manifests.latestComplete(table).filter(m -> m.store().equals(storeKind));
            if (last.isPresent()) {
                baseRun = last.get().runId();
                last.get().chunks().forEach(e -> reusable.put(e.key(), e));
            }
        }
        Optional<Manifest> unfinished = manifests.unfinished(table).filter(m -> m.store().equals(storeKind));
        unfinished.ifPresent(m -> {
            ctx.log().info("backup " + table + ": resuming after unfinished run " + m.runId() + " (" + m.chunks().size()
                    + " chunks done)");
            m.chunks().forEach(e -> reusable.put(e.key(), e));
        });

        Manifest manifest = new Manifest(Manifest.FORMAT, table, runId, "partial", policy.mode().name().toLowerCase(Locale.ROOT),
                started.toString(), null, toolVersion, storeKind, policy.destination(), info, resolved.describe(),
                baseRun, List.of(), timeZone(warehouse), source);
        ChunkExporter exporter = new ChunkExporter(warehouse, objects, plan.settings(), ctx.log(), metrics, sleeper);
        List<Manifest.Entry> entries = new ArrayList<>();
        int uploaded = 0;
        int unchanged = 0;
        for (ChunkPlanner.Chunk chunk : chunks) {
            // a fingerprint query only where it can save an upload (or, in a dry run, to say what would happen):
            // an export yields the fingerprint of the rows it sends
            Manifest.Entry prev = reusable.get(chunk.key());
            boolean comparable = prev != null && Objects.equals(prev.range(), chunk.range());
            if (comparable || ctx.dryRun()) {
                Fingerprint fp = warehouse.fingerprint(table, chunk.range());
                if (fp.rows() == 0) {
                    continue;
                }
                if (comparable && prev.rows() == fp.rows() && prev.fingerprint().equals(fp.hash())
                        && objects.head(chunk.key()).map(o -> o.size() == prev.compressedBytes()).orElse(false)) {
                    entries.add(prev);
                    unchanged++;
                    ctx.log().debug("backup " + table + ": " + chunk.key() + " unchanged since run "
                            + prev.uploadedBy());
                    continue;
                }
                if (ctx.dryRun()) {
                    ctx.log().info("backup " + table + ": would upload " + chunk.key() + " (" + fp.rows() + " rows)");
                    uploaded++;
                    continue;
                }
            }
            Manifest.Entry e = exporter.export(table, chunk, runId);
            if (e == null) {
                continue;
            }
            entries.add(e);
            uploaded++;
            uploadedBytes[0] += e.compressedBytes();
            metrics.gauge("uploaded_bytes_tot", uploadedBytes[0]);
            manifests.write(manifest.with("partial", null, entries));
            if (plan.settings().debugPauseAfterChunkSeconds() > 0) {
                ctx.log().info("backup " + table + ": debug pause after " + chunk.key());
                sleeper.sleep(Duration.ofMillis(Math.round(plan.settings().debugPauseAfterChunkSeconds() * 1000)));
            }
            if (plan.settings().pauseSeconds() > 0) {
                sleeper.sleep(Duration.ofMillis(Math.round(plan.settings().pauseSeconds() * 1000)));
            }
        }
        long rows = entries.stream().mapToLong(Manifest.Entry::rows).sum();
        long bytes = entries.stream().mapToLong(Manifest.Entry::compressedBytes).sum();
        if (!ctx.dryRun()) {
            objects.put(ChunkKeys.schema(table), (info.ddl() + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
            manifests.write(manifest.with("complete", ctx.clock().instant().toString(), entries));
            if (uploaded > 0) {
                objects.delete(ChunkKeys.progress(table, runId));
            }
            unfinished.ifPresent(m -> objects.delete(ChunkKeys.progress(table, m.runId())));
            metrics.gauge("table_" + table + "_last_success", ctx.clock().instant().getEpochSecond());
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        metrics.gauge("table_" + table + "_backup_time_ms", ms);
        ctx.log().info("backup " + table + ": done, " + entries.size() + " chunks (" + uploaded + " uploaded, "
                + unchanged + " unchanged), " + rows + " rows, " + bytes + " bytes, " + ms + " ms");
        return new TableRun(runId, entries.size(), uploaded, unchanged, rows, bytes);
    }
}
