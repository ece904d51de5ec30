package org.ooni.analysis.backup;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ooni.analysis.error.SourceUnavailable;

/**
 * A bucket that keeps small objects (manifests, schemas) in memory and counts, then drops, the bytes of chunk
 * uploads: for {@link BackupBenchmark} to measure the backup pipeline without the cost of an S3 server on the same
 * cores. Not for backups.
 */
final class DiscardingObjectStore implements ObjectStore {
    private final Map<String, byte[]> small = new TreeMap<>();

    @Override
    public String describe() {
        return "discard://";
    }

    @Override
    public ObjectUpload startUpload(String key, Map<String, String> metadata) {
        return new ObjectUpload() {
            private long size;

            @Override
            public void write(byte[] b, int off, int len) {
                size += len;
            }

            @Override
            public long complete() {
                small.put(key, new byte[0]);
                return size;
            }

            @Override
            public void abort() {
                // nothing was kept
            }
        };
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return Optional.ofNullable(small.get(key)).map(b -> new ObjectInfo(key, b.length, Map.of()));
    }

    @Override
    public InputStream get(String key) {
        byte[] b = small.get(key);
        if (b == null) {
            throw new SourceUnavailable(describe() + key, "no such object");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        small.put(key, content.clone());
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return small.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().length, Map.of())).toList();
    }

    @Override
    public void delete(String key) {
        small.remove(key);
    }

    @Override
    public int abortDanglingUploads(String prefix) {
        return 0;
    }

    @Override
    public List<String> pendingUploads(String prefix) {
        return List.of();
    }

    @Override
    public void close() {
    }
}
