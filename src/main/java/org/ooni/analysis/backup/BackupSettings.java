package org.ooni.analysis.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The {@code [backup]} section: destinations, per-table policies ({@code [backup.tables]}, a policy word or a
 * table of options each, see {@link BackupPlan}) and the streaming knobs. {@code store_name}: this store's identity
 * in the manifests, in place of the one {@link StoreIdentity} derives (for a store that moved, see docs/backup.md).
 */
public record BackupSettings(Map<String, DestinationSettings> destinations, Map<String, JsonNode> tables,
                             Integer zstdLevel, Integer zstdWorkers, Integer partSizeBytes, Integer partsInFlight,
                             Double pauseSeconds, Long bandwidthBytesPerSecond, Integer maxAttempts,
                             Long retryBackoffMs, Long pageRows, Double debugPauseAfterChunkSeconds,
                             Integer debugMinimumPartSizeBytes, String storeName) {
    /** S3's smallest part but the last of a multipart upload. */
    public static final int S3_MINIMUM_PART_SIZE = 5 << 20;

    public BackupSettings {
        destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        if (zstdLevel == null) {
            zstdLevel = 3;
        }
        // one zstd worker thread compresses while the exporting thread reads and hashes the next rows
        if (zstdWorkers == null) {
            zstdWorkers = 1;
        }
        if (partSizeBytes == null) {
            partSizeBytes = 8 << 20;
        }
        if (partsInFlight == null) {
            partsInFlight = 2;
        }
        if (pauseSeconds == null) {
            pauseSeconds = 5.0;
        }
        if (bandwidthBytesPerSecond == null) {
            bandwidthBytesPerSecond = 0L;
        }
        if (maxAttempts == null) {
            maxAttempts = 3;
        }
        if (retryBackoffMs == null) {
            retryBackoffMs = 2000L;
        }
        if (pageRows == null) {
            pageRows = 1_000_000L;
        }
        // test-only: holds the run after each uploaded chunk so a test can kill the process between chunks
        if (debugPauseAfterChunkSeconds == null) {
            debugPauseAfterChunkSeconds = 0.0;
        }
        // test-only: a test S3 server with a lower part minimum lets fault tests cut uploads of many small parts
        if (debugMinimumPartSizeBytes == null) {
            debugMinimumPartSizeBytes = S3_MINIMUM_PART_SIZE;
        }
    }
}
