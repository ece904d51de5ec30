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
 * policy word ({@code "ignore"}, {@code "full"}, {@code "incremental"}, the original's {@code "partition"}, or
 * {@code "native"}: ClickHouse's own BACKUP) or a table
 * {@code {policy, destination, chunk = "month"|"keyset"|"whole", column, page_rows, incremental}}.
 *
 * @param everyTableListed whether a table of the store that no policy names fails the run (a backup); false for
 *                         the original's {@code action: export}, which publishes two tables and ignores the rest
 */
public record BackupPlan(BackupSettings settings, Map<String, DestinationSettings> destinations,
                         Map<String, TablePolicy> tables, boolean everyTableListed) {
    private static final Set<String> ENTRY_KEYS = Set.of("policy", "destination", "chunk", "column", "page_rows",
            "incremental");

    public BackupPlan {
        destinations = Map.copyOf(destinations);
        tables = new TreeMap<>(tables);
    }

    /** The same plan, for a run that publishes the listed tables and need not cover every table of the store. */
    public BackupPlan exportOnly() {
        return new BackupPlan(settings, destinations, tables, false);
    }

    /** Checks the section and resolves each table's defaults; {@code origin} names the file in errors. */
    public static BackupPlan of(BackupSettings settings, String origin) {
        checkSettings(settings, origin);
        for (Map.Entry<String, DestinationSettings> d : settings.destinations().entrySet()) {
            if (d.getValue().bucket() == null || d.getValue().bucket().isBlank()) {
                throw bad(origin, "destination '" + d.getKey() + "' has no bucket");
            }
        }
        Map<String, TablePolicy> tables = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : settings.tables().entrySet()) {
            tables.put(e.getKey(), policy(e.getKey(), e.getValue(), settings, origin));
        }
        return new BackupPlan(settings, settings.destinations(), tables, true);
    }

    /** Refuses values that cannot work, naming the key, the value and the bound. */
    private static void checkSettings(BackupSettings s, String origin) {
        atLeast(origin, "zstd_level", s.zstdLevel(), 1);
        atMost(origin, "zstd_level", s.zstdLevel(), 22);
        atLeast(origin, "zstd_workers", s.zstdWorkers(), 0);
        atMost(origin, "zstd_workers", s.zstdWorkers(), 16);
        atLeast(origin, "debug_minimum_part_size_bytes", s.debugMinimumPartSizeBytes(), 1024);
        if (s.partSizeBytes() < s.debugMinimumPartSizeBytes()) {
            throw bad(origin, "part_size_bytes = " + s.partSizeBytes() + " is below " + s.debugMinimumPartSizeBytes()
                    + (s.debugMinimumPartSizeBytes() == BackupSettings.S3_MINIMUM_PART_SIZE
                    ? ", S3's minimum part size (5 MiB)" : " (debug_minimum_part_size_bytes)"));
        }
        atLeast(origin, "parts_in_flight", s.partsInFlight(), 1);
        atLeast(origin, "max_attempts", s.maxAttempts(), 1);
        atLeast(origin, "page_rows", s.pageRows(), 1);
        atLeast(origin, "retry_backoff_ms", s.retryBackoffMs(), 0);
        atLeast(origin, "bandwidth_bytes_per_second", s.bandwidthBytesPerSecond(), 0);
        if (!(s.pauseSeconds() >= 0) || s.pauseSeconds().isInfinite()) {
            throw bad(origin, "pause_seconds = " + s.pauseSeconds() + " must be at least 0 and finite");
        }
        if (!(s.debugPauseAfterChunkSeconds() >= 0)) {
            throw bad(origin, "debug_pause_after_chunk_seconds = " + s.debugPauseAfterChunkSeconds() + " must be at least 0");
        }
    }

    private static void atLeast(String origin, String key, long value, long min) {
        if (value < min) {
            throw bad(origin, key + " = " + value + " must be at least " + min);
        }
    }

    private static void atMost(String origin, String key, long value, long max) {
        if (value > max) {
            throw bad(origin, key + " = " + value + " must be at most " + max);
        }
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
        Boolean onBase = null;
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
            if (node.has("incremental")) {
                if (!node.get("incremental").isBoolean()) {
                    throw bad(origin, where + "incremental must be true or false");
                }
                onBase = node.get("incremental").asBoolean();
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
            case "native" -> { mode = TablePolicy.Mode.NATIVE; chunking = TablePolicy.Chunking.WHOLE; }
            default -> throw bad(origin, where + "unknown policy '" + word + "' (ignore, full, incremental, partition, native)");
        }
        if (onBase != null && mode != TablePolicy.Mode.NATIVE) {
            throw bad(origin, where + "incremental = " + onBase + " applies to policy native only");
        }
        // ClickHouse backs the table up whole (its data parts); chunks and pages are the CSV policies' own
        if (mode == TablePolicy.Mode.NATIVE && (chunk != null || column != null || node.has("page_rows"))) {
            throw bad(origin, where + "policy native backs up the whole table; chunk, column and page_rows do not apply");
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
        return new TablePolicy(table, mode, destination, chunking, column, pageRows, Boolean.TRUE.equals(onBase));
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
        return defaultDestination(all.keySet()).orElseThrow(() ->
                bad(origin, where + "names no destination and there is no single or 'private' one"));
    }

    /** The one rule for a table that names no destination: the only one, else {@code private}, else none. */
    public static java.util.Optional<String> defaultDestination(Set<String> names) {
        if (names.size() == 1) {
            return java.util.Optional.of(names.iterator().next());
        }
        return names.contains("private") ? java.util.Optional.of("private") : java.util.Optional.empty();
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static InvalidInput bad(String origin, String rule) {
        return new InvalidInput(origin, 0, 0, rule);
    }
}
