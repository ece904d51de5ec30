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
 * The {@code public_*} keys become a destination named {@code public} on AWS; the other settings keep their
 * {@code [backup]} values, so a TOML file can still tune pauses and part sizes.
 *
 * @param dbUrl the store from {@code clickhouse_url} as a {@code --db} value, or null when the file has none
 */
public record LegacyConfig(String action, String dbUrl, BackupPlan plan) {
    private static final Set<String> KEYS = Set.of("ver", "action", "public_aws_access_key_id",
            "public_aws_secret_access_key", "public_bucket_name", "clickhouse_url", "backup_tables");

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
            if (!KEYS.contains(k)) {
                throw new InvalidInput(origin, 0, 0, "unknown key '" + k + "'");
            }
        });
        if (root.path("ver").asInt(-1) != 0) {
            throw new InvalidInput(origin, 0, 0, "\"ver\" must be 0, got " + root.path("ver"));
        }
        String action = root.path("action").asText("backup");
        if (!action.equals("export") && !action.equals("backup")) {
            throw new InvalidInput(origin, 0, 0, "\"action\" must be \"export\" or \"backup\", got \"" + action + "\"");
        }
        String bucket = root.path("public_bucket_name").asText(null);
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidInput(origin, 0, 0, "\"public_bucket_name\" is missing");
        }
        DestinationSettings pub = new DestinationSettings(null, "us-east-1", bucket, "", false,
                root.path("public_aws_access_key_id").asText(null), root.path("public_aws_secret_access_key").asText(null),
                null, null);
        JsonNode tables = root.path("backup_tables");
        if (!tables.isObject()) {
            throw new InvalidInput(origin, 0, 0, "\"backup_tables\" must be an object of table: policy");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        tables.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        BackupSettings settings = new BackupSettings(Map.of("public", pub), entries, base.zstdLevel(),
                base.zstdWorkers(), base.partSizeBytes(), base.partsInFlight(), base.pauseSeconds(),
                base.bandwidthBytesPerSecond(), base.maxAttempts(), base.retryBackoffMs(), base.pageRows(),
                base.debugPauseAfterChunkSeconds(), base.debugMinimumPartSizeBytes(), base.storeName());
        return new LegacyConfig(action, dbUrl(root.path("clickhouse_url").asText(null)), BackupPlan.of(settings, origin));
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
