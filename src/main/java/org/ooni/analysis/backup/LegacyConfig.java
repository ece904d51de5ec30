package org.ooni.analysis.backup;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.UsageError;

/**
 * Reads the original tool's JSON configuration ({@code --legacy-config FILE}):
 * {@code {"ver":0, "action":"export"|"backup", "public_aws_access_key_id", "public_aws_secret_access_key",
 * "public_bucket_name", "clickhouse_url", "backup_tables": {"table": "ignore"|"full"|"incremental"|"partition"}}}.
 * Keys starting with {@code __} are comments (the original's example file comments out keys that way); any other
 * unknown key is refused. The {@code public_*} keys become a destination named {@code public} on AWS, or on the
 * {@code endpoint} (with its {@code region}, {@code prefix}, {@code path_style}) of a
 * {@code [backup.destinations.public]} in the TOML file; the other settings keep their {@code [backup]} values, so
 * a TOML file can still tune pauses and part sizes.
 *
 * <p>{@code action} keeps the original's meaning. {@code export} publishes {@code fastpath} by month and
 * {@code jsonl} in keyset pages of {@link #EXPORT_PAGE_ROWS} rows, whatever {@code backup_tables} says (its policies
 * are still checked), and does not require every table of the store to be listed. {@code backup} runs the policy
 * of each table of {@code backup_tables}.
 *
 * @param dbUrl the store from {@code clickhouse_url} as a {@code --db} value, or null when the file has none
 */
public record LegacyConfig(String action, String dbUrl, BackupPlan plan) {
    private static final Set<String> KEYS = Set.of("ver", "action", "public_aws_access_key_id",
            "public_aws_secret_access_key", "public_bucket_name", "clickhouse_url", "backup_tables");
    /** The original's keys of a commented-out setting start with this. */
    static final String COMMENT_PREFIX = "__";
    /** Rows per page of the {@code jsonl} export: the original's chunk size. */
    static final long EXPORT_PAGE_ROWS = 100_000_000L;

    public static LegacyConfig read(Path file, BackupSettings base) {
        String origin = file.toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UsageError("legacy config file not found: " + file);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new InvalidInput(origin, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageError("cannot read legacy config file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInput(origin, 0, 0, "must be a JSON object");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k) && !k.startsWith(COMMENT_PREFIX)) {
                throw new InvalidInput(origin, 0, 0, "unknown key '" + k + "'");
            }
        });
        if (root.path("ver").asInt(-1) != 0) {
            throw new InvalidInput(origin, 0, 0, "\"ver\" must be 0, got " + root.path("ver"));
        }
        JsonNode actionNode = root.path("action");
        String action = actionNode.isMissingNode() ? "backup" : actionNode.isTextual() ? actionNode.asText() : null;
        if (!"export".equals(action) && !"backup".equals(action)) {
            throw new InvalidInput(origin, 0, 0, "\"action\" must be \"export\" or \"backup\", got " + actionNode);
        }
        String bucket = root.path("public_bucket_name").asText(null);
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidInput(origin, 0, 0, "\"public_bucket_name\" is missing");
        }
        // where the bucket is (AWS unless the TOML file's [backup.destinations.public] says otherwise); the keys are the file's
        DestinationSettings where = base.destinations().get("public");
        DestinationSettings pub = new DestinationSettings(where == null ? null : where.endpoint(),
                where == null ? "us-east-1" : where.region(), bucket, where == null ? "" : where.prefix(),
                where != null && where.pathStyle(), root.path("public_aws_access_key_id").asText(null),
                root.path("public_aws_secret_access_key").asText(null), null, null);
        JsonNode tables = root.path("backup_tables");
        if (!tables.isObject()) {
            throw new InvalidInput(origin, 0, 0, "\"backup_tables\" must be an object of table: policy");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        tables.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        BackupPlan listed = BackupPlan.of(settings(pub, entries, base), origin);
        BackupPlan plan = action.equals("export")
                ? BackupPlan.of(settings(pub, exportTables(entries.keySet()), base), origin).exportOnly() : listed;
        return new LegacyConfig(action, dbUrl(root.path("clickhouse_url").asText(null)), plan);
    }

    private static BackupSettings settings(DestinationSettings pub, Map<String, JsonNode> tables, BackupSettings base) {
        return new BackupSettings(Map.of("public", pub), tables, base.zstdLevel(),
                base.zstdWorkers(), base.partSizeBytes(), base.partsInFlight(), base.pauseSeconds(),
                base.bandwidthBytesPerSecond(), base.maxAttempts(), base.retryBackoffMs(), base.pageRows(),
                base.debugPauseAfterChunkSeconds(), base.debugMinimumPartSizeBytes(), base.storeName());
    }

    /**
     * The original's export: {@code fastpath} by month of {@code measurement_start_time}, {@code jsonl} in pages,
     * every other listed table ignored. Incremental, so a month or page unchanged since the last run is not uploaded
     * again (the original uploaded every month each run; the objects are the same).
     */
    private static Map<String, JsonNode> exportTables(Set<String> listed) {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        listed.forEach(t -> tables.put(t, json.getNodeFactory().textNode("ignore")));
        tables.put("fastpath", json.createObjectNode().put("policy", "incremental").put("chunk", "month")
                .put("column", "measurement_start_time"));
        tables.put("jsonl", json.createObjectNode().put("policy", "incremental").put("chunk", "keyset")
                .put("page_rows", EXPORT_PAGE_ROWS));
        return tables;
    }

    // the original gave an HTTP URL such as http://localhost:8123 (or clickhouse://host); --db wants clickhouse://
    static String dbUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.startsWith("clickhouse://") || value.startsWith("clickhouse+https://")) {
            return value;
        }
        URI uri = URI.create(value);
        String scheme = "https".equals(uri.getScheme()) ? "clickhouse+https://" : "clickhouse://";
        String auth = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 8443 : 8123);
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "/default" : uri.getPath();
        return scheme + auth + uri.getHost() + ":" + port + path;
    }
}
