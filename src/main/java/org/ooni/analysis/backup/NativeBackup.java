package org.ooni.analysis.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SanityCheckFailed;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.Fingerprint;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;

/**
 * ClickHouse's own {@code BACKUP TABLE … TO S3(…)} and {@code RESTORE TABLE … FROM S3(…)} for tables of policy
 * {@code native} (the original's {@code action: backup}), recorded in the same manifests as the CSV chunks: one
 * entry of kind {@code native} naming the backup's folder, its objects, and the table's content fingerprint at
 * backup time. Needs ClickHouse 22.10 or later; refused before anything is read on older servers and on DuckDB.
 * The S3 credentials are in the statements' text: every message that could echo them is masked.
 */
final class NativeBackup {
    static final String KIND = "native";
    /** Where native backups go, under the destination's prefix (the original's folder). */
    static final String FOLDER = "clickhouse_backup/";
    /** The metadata object ClickHouse writes last into a backup's folder; a backup without it is unfinished. */
    static final String METADATA = ".backup";
    private static final int MIN_MAJOR = 22;
    private static final int MIN_MINOR = 10;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final String SETTINGS = "compression_method = 'lzma', compression_level = 3";

    private final Warehouse warehouse;
    private final ObjectStore objects;
    private final Log log;

    NativeBackup(Warehouse warehouse, ObjectStore objects, Log log) {
        this.warehouse = warehouse;
        this.objects = objects;
        this.log = log;
    }

    /** Whether the store has {@code BACKUP}/{@code RESTORE}: ClickHouse from 22.10. */
    static boolean available(Warehouse w) {
        if (w.kind() != StoreUrl.Kind.CLICKHOUSE) {
            return false;
        }
        Matcher m = VERSION.matcher(w.version());
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
    }

    /** The store as a message names it, e.g. {@code ClickHouse 18.16.1}. */
    static String server(Warehouse w) {
        return (w.kind() == StoreUrl.Kind.CLICKHOUSE ? "ClickHouse " : "DuckDB ") + w.version();
    }

    /** Exit 4 for each table of policy native when the store cannot back it up so; names table, policy, server. */
    static void refuseUnsupported(BackupPlan plan, Warehouse w, String origin) {
        List<String> tables = plan.tables().values().stream().filter(p -> p.mode() == TablePolicy.Mode.NATIVE)
                .map(TablePolicy::table).toList();
        if (!tables.isEmpty() && !available(w)) {
            throw unsupported(origin, "[backup.tables] " + String.join(", ", tables), w);
        }
    }

    static InvalidInput unsupported(String origin, String what, Warehouse w) {
        return new InvalidInput(origin, 0, 0, what + ": policy 'native' needs ClickHouse's BACKUP and RESTORE"
                + " (ClickHouse " + MIN_MAJOR + "." + MIN_MINOR + " or later); the store is " + server(w));
    }

    static boolean isNative(Manifest m) {
        return m.chunks().size() == 1 && m.chunks().get(0).serverBackup();
    }

    /**
     * Backs up {@code table} as {@code clickhouse_backup/RUN/TABLE__base.bkp}, or, on {@code last} (the table's
     * latest native backup), as {@code …/TABLE__incremental.bkp} on that backup's base. The fingerprint is read
     * before and after the statement; when the table changed meanwhile the backup's content is not known, so its
     * objects are deleted and it is taken again, up to {@code attempts} times. Returns null in a dry run.
     */
    Manifest.Entry backup(String table, String runId, Manifest.Entry last, int attempts, boolean dryRun) {
        String base = last == null ? null : last.baseBackup() != null ? last.baseBackup() : last.key();
        String database = currentDatabase();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String key = FOLDER + runId + (attempt == 1 ? "" : "-" + attempt) + "/" + table
                    + (base == null ? "__base.bkp" : "__incremental.bkp");
            ServerSideS3 target = address(key);
            if (dryRun) {
                log.info("backup " + table + ": would run BACKUP TABLE to " + target.url()
                        + (base == null ? "" : " on base " + base));
                return null;
            }
            Fingerprint before = warehouse.fingerprint(table, null);
            List<Object> params = new ArrayList<>(s3Params(target));
            String settings = SETTINGS;
            if (base != null) {
                ServerSideS3 baseAddress = target.withUrl(address(base).url());
                settings = "base_backup = " + s3Function(baseAddress) + ", " + settings;
                params.addAll(s3Params(baseAddress));
            }
            String status = run(target, "BACKUP TABLE " + table + " TO " + s3Function(target) + " SETTINGS " + settings,
                    params, "native backup of " + table + " to " + key);
            if (!status.equals("BACKUP_CREATED")) {
                throw new StoreError(warehouse.describe() + ": native backup of " + table + " to " + key
                        + " ended with status " + status);
            }
            Fingerprint after = warehouse.fingerprint(table, null);
            if (before.equals(after)) {
                Contents c = contents(key);
                return new Manifest.Entry(key, "", null, after.rows(), 0, c.bytes(), c.metadataSha256(), after.hash(),
                        runId, KIND, base, c.objects(), database);
            }
            log.warn("backup " + table + ": the table changed during native backup " + key + " (" + before.rows()
                    + " rows before, " + after.rows() + " after); deleting it" + (attempt < attempts ? " and trying again" : ""));
            objects.list(key + "/").forEach(o -> objects.delete(o.key()));
        }
        throw SanityCheckFailed.found("native backup of " + table, attempts, "native backup of " + table
                + ": the table changed during each of " + attempts + " attempts, so no backup's content is known (use a"
                + " CSV policy for a table written continuously)");
    }

    /** The objects of a backup folder, and the SHA-256 of its metadata object. */
    record Contents(int objects, long bytes, String metadataSha256) {
    }

    Contents contents(String key) {
        List<ObjectStore.ObjectInfo> found = objects.list(key + "/");
        if (found.stream().noneMatch(o -> o.key().equals(key + "/" + METADATA))) {
            throw new StoreError(objects.describe() + key + ": the server reported the backup created, but its "
                    + METADATA + " object is missing (" + found.size() + " objects)");
        }
        return new Contents(found.size(), found.stream().mapToLong(ObjectStore.ObjectInfo::size).sum(),
                sha256(objects, key + "/" + METADATA));
    }

    /** What {@code verify} finds wrong with a native entry's objects, or null. */
    static String check(ObjectStore objects, Manifest.Entry e) {
        List<ObjectStore.ObjectInfo> found = objects.list(e.key() + "/");
        if (found.isEmpty()) {
            return "backup objects missing";
        }
        long bytes = found.stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
        if (e.objectCount() != null && (found.size() != e.objectCount() || bytes != e.compressedBytes())) {
            return found.size() + " objects of " + bytes + " bytes != manifest " + e.objectCount() + " objects of "
                    + e.compressedBytes() + " bytes";
        }
        if (objects.head(e.key() + "/" + METADATA).isEmpty()) {
            return METADATA + " object missing";
        }
        String actual = sha256(objects, e.key() + "/" + METADATA);
        if (!actual.equals(e.sha256())) {
            return METADATA + " SHA-256 " + actual + " != manifest " + e.sha256();
        }
        if (e.baseBackup() != null && objects.head(e.baseBackup() + "/" + METADATA).isEmpty()) {
            return "its base backup " + e.baseBackup() + " is missing";
        }
        return null;
    }

    /**
     * Restores the backup of {@code e} as table {@code staging} ({@code RESTORE TABLE db.t AS staging}: the
     * recorded table whole, engine and all), then compares the staging table's fingerprint with the manifest's;
     * a difference drops the staging table and fails (exit 5). Returns the rows restored.
     */
    long restore(String table, Manifest.Entry e, String staging) {
        warehouse.dropTableIfExists(staging);
        ServerSideS3 from = address(e.key());
        List<Object> params = new ArrayList<>(s3Params(from));
        String settings = "";
        if (e.baseBackup() != null) {
            ServerSideS3 base = from.withUrl(address(e.baseBackup()).url());
            settings = " SETTINGS base_backup = " + s3Function(base);
            params.addAll(s3Params(base));
        }
        String source = (e.database() == null ? currentDatabase() : e.database()) + "." + table;
        try {
            String status = run(from, "RESTORE TABLE " + source + " AS " + currentDatabase() + "." + staging + " FROM "
                    + s3Function(from) + settings, params, "native restore of " + table + " from " + e.key());
            if (!status.equals("RESTORED")) {
                throw new StoreError(warehouse.describe() + ": native restore of " + table + " from " + e.key()
                        + " ended with status " + status);
            }
            Fingerprint fp = warehouse.fingerprint(staging, null);
            if (fp.rows() != e.rows() || !fp.hash().equals(e.fingerprint())) {
                throw SanityCheckFailed.found("restore fingerprint", 1, "restore of " + table + " from " + e.key()
                        + ": the restored table's fingerprint " + fp.hash() + " of " + fp.rows() + " rows differs from"
                        + " the manifest's " + e.fingerprint() + " of " + e.rows() + " rows; nothing was restored");
            }
            return fp.rows();
        } catch (RuntimeException ex) {
            warehouse.dropTableIfExists(staging);
            throw ex;
        }
    }

    private ServerSideS3 address(String key) {
        return objects.serverSide(key).orElseThrow(() -> new UsageError(objects.describe()
                + ": a native backup needs an S3 destination the database server can reach"));
    }

    private static String s3Function(ServerSideS3 s3) {
        return s3.accessKeyId() == null ? "S3(?)" : s3.sessionToken() == null ? "S3(?, ?, ?)" : "S3(?, ?, ?, ?)";
    }

    private static List<Object> s3Params(ServerSideS3 s3) {
        List<Object> p = new ArrayList<>();
        p.add(s3.url());
        if (s3.accessKeyId() != null) {
            p.add(s3.accessKeyId());
            p.add(s3.secretAccessKey());
            if (s3.sessionToken() != null) {
                p.add(s3.sessionToken());
            }
        }
        return p;
    }

    /**
     * Runs a BACKUP or RESTORE statement and returns the status it answers. Its text holds the credentials: a
     * failure is rethrown with them masked and without its cause (whose message may quote the statement).
     */
    private String run(ServerSideS3 s3, String sql, List<Object> params, String what) {
        log.info(what + " (" + s3.url() + "): " + sql);
        List<List<String>> rows = new ArrayList<>();
        try {
            warehouse.forEachRow(sql, params, rows::add);
        } catch (RuntimeException e) {
            String message = s3.mask(e.getMessage());
            throw new StoreError(what + ": " + message);
        }
        if (rows.size() != 1 || rows.get(0).size() < 2) {
            throw new StoreError(warehouse.describe() + ": " + what + ": unexpected answer " + s3.mask(rows.toString()));
        }
        return rows.get(0).get(1);
    }

    private String currentDatabase() {
        List<String> db = new ArrayList<>();
        warehouse.forEachRow("SELECT currentDatabase()", db::addAll);
        return db.get(0);
    }

    private static String sha256(ObjectStore objects, String key) {
        MessageDigest sha = ByteTally.sha256();
        try (InputStream in = new DigestInputStream(objects.get(key), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ex) {
            throw new StoreError(objects.describe() + key + ": cannot read: " + ex.getMessage());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
