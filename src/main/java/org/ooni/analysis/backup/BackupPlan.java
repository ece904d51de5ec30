package org.ooni.analysis.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ooni.analysis.error.InvalidInput;

/**
 * The validated backup configuration: destinations by name and one policy per listed table. A table entry is a
 * policy word ({@code "ignore"}, {@code "full"}, {@code "incremental"}, or the original's {@code "partition"}) or a
 * table {@code {policy, destination, chunk = "month"|"keyset"|"whole", column, page_rows}}.
 */
public record BackupPlan(BackupSettings settings, Map<String, DestinationSettings> destinations,
                         Map<String, TablePolicy> tables) {
    private static final Set<String> ENTRY_KEYS = Set.of("policy", "destination", "chunk", "column", "page_rows");

    public BackupPlan {
        destinations = Map.copyOf(destinations);
        tables = new TreeMap<>(tables);
    }

    /** Checks the section and resolves each table's defaults; {@code origin} names the file in errors. */
    public static BackupPlan of(BackupSettings settings, String origin) {
        if (settings.zstdLevel() < 1 || settings.zstdLevel() > 22) {
            throw bad(origin, "zstd_level must be 1 to 22, got " + settings.zstdLevel());
        }
        if (settings.partSizeBytes() < 1024) {
            throw bad(origin, "part_size_bytes must be at least 1024 (S3 itself wants 5 MiB), got " + settings.partSizeBytes());
        }
        if (settings.partsInFlight() < 1 || settings.maxAttempts() < 1 || settings.pauseSeconds() < 0
                || settings.pageRows() < 1 || settings.bandwidthBytesPerSecond() < 0) {
            throw bad(origin, "parts_in_flight, max_attempts and page_rows must be positive; pause_seconds and "
                    + "bandwidth_bytes_per_second not negative");
        }
        for (Map.Entry<String, DestinationSettings> d : settings.destinations().entrySet()) {
            if (d.getValue().bucket() == null || d.getValue().bucket().isBlank()) {
                throw bad(origin, "destination '" + d.getKey() + "' has no bucket");
            }
        }
        Map<String, TablePolicy> tables = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : settings.tables().entrySet()) {
            tables.put(e.getKey(), policy(e.getKey(), e.getValue(), settings, origin));
        }
        return new BackupPlan(settings, settings.destinations(), tables);
    }

    private static TablePolicy policy(String table, JsonNode node, BackupSettings settings, String origin) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw bad(origin, "table name '" + table + "' is not a plain identifier");
        }
        String where = "[backup.tables] " + table + ": ";
        String word;
        String destination = null;
        String chunk = null;
        String column = null;
        long pageRows = settings.pageRows();
        if (node.isTextual()) {
            word = node.asText();
        } else if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ENTRY_KEYS.contains(key)) {
                    throw bad(origin, where + "unknown key '" + key + "'");
                }
            }
            word = text(node, "policy");
            destination = text(node, "destination");
            chunk = text(node, "chunk");
            column = text(node, "column");
            if (node.has("page_rows")) {
                pageRows = node.get("page_rows").asLong(0);
                if (pageRows < 1) {
                    throw bad(origin, where + "page_rows must be a positive number");
                }
            }
            if (word == null) {
                throw bad(origin, where + "needs a policy");
            }
        } else {
            throw bad(origin, where + "must be a policy word or a table");
        }
        TablePolicy.Mode mode;
        TablePolicy.Chunking chunking;
        switch (word.toLowerCase(Locale.ROOT)) {
            case "ignore" -> { mode = TablePolicy.Mode.IGNORE; chunking = TablePolicy.Chunking.WHOLE; }
            case "full" -> { mode = TablePolicy.Mode.FULL; chunking = TablePolicy.Chunking.WHOLE; }
            case "incremental" -> { mode = TablePolicy.Mode.INCREMENTAL; chunking = TablePolicy.Chunking.AUTO; }
            case "partition" -> { mode = TablePolicy.Mode.INCREMENTAL; chunking = TablePolicy.Chunking.MONTH; }
            default -> throw bad(origin, where + "unknown policy '" + word + "' (ignore, full, incremental, partition)");
        }
        if (chunk != null) {
            try {
                chunking = TablePolicy.Chunking.valueOf(chunk.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(origin, where + "unknown chunk '" + chunk + "' (month, keyset, whole)");
            }
        }
        if (column != null && !column.matches("[a-z_][a-z0-9_]*")) {
            throw bad(origin, where + "column '" + column + "' is not a plain identifier");
        }
        if (chunking == TablePolicy.Chunking.MONTH && column == null) {
            column = "measurement_start_time";
        }
        if (mode != TablePolicy.Mode.IGNORE) {
            destination = destination(destination, settings, origin, where);
        }
        return new TablePolicy(table, mode, destination, chunking, column, pageRows);
    }

    // with one destination it is the default; with several, "private" is, so nothing goes public by accident
    private static String destination(String named, BackupSettings settings, String origin, String where) {
        Map<String, DestinationSettings> all = settings.destinations();
        if (named != null) {
            if (!all.containsKey(named)) {
                throw bad(origin, where + "destination '" + named + "' is not in [backup.destinations]");
            }
            return named;
        }
        if (all.size() == 1) {
            return all.keySet().iterator().next();
        }
        if (all.containsKey("private")) {
            return "private";
        }
        throw bad(origin, where + "names no destination and there is no single or 'private' one");
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static InvalidInput bad(String origin, String rule) {
        return new InvalidInput(origin, 0, 0, rule);
    }
}
