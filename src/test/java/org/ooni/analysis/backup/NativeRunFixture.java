package org.ooni.analysis.backup;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.ooni.analysis.store.TableInfo;

/**
 * A native run written by hand into S3Proxy (manifest, and optionally the backup's objects): what a server with
 * BACKUP would have left, for the checks of verify and restore where no server here can write one (the chDB
 * front's BACKUP fails, 18.16 has none).
 */
final class NativeRunFixture {
    static final String RUN = "20261208T031500.000Z";
    static final String BASE = NativeBackup.FOLDER + RUN + "/pairs__base.bkp";
    static final byte[] METADATA = "<config><version>1</version></config>".getBytes(StandardCharsets.UTF_8);
    static final byte[] DATA = "0123456789".getBytes(StandardCharsets.UTF_8);

    private NativeRunFixture() {
    }

    /** Writes the manifest of a native base backup of {@code pairs} under {@code prefix}, and its objects if asked. */
    static void write(S3TestServer s3, String bucket, String prefix, boolean withObjects) {
        write(s3, bucket, prefix, RUN, null, withObjects);
    }

    /**
     * Writes run {@code run} of {@code pairs}: a base backup, or with {@code base} (a backup's folder) an incremental
     * one on it; returns the backup's folder.
     */
    static String write(S3TestServer s3, String bucket, String prefix, String run, String base, boolean withObjects) {
        String key = NativeBackup.FOLDER + run + "/pairs" + (base == null ? "__base.bkp" : "__incremental.bkp");
        Manifest.Entry e = new Manifest.Entry(key, "", null, 500, 0, METADATA.length + DATA.length,
                HexFormat.of().formatHex(ByteTally.sha256().digest(METADATA)), "1234", run, NativeBackup.KIND, base, 2,
                "default");
        Manifest m = new Manifest(Manifest.FORMAT, "pairs", run, "complete", NativeBackup.KIND, "2026-12-08T03:15:00Z",
                "2026-12-08T03:15:01Z", "test", "clickhouse", "private",
                new TableInfo("pairs", List.of(), List.of(), "CREATE TABLE pairs (n Int64) ENGINE = MergeTree ORDER BY n"),
                NativeBackup.KIND, null, List.of(e), "UTC", null);
        put(s3, bucket, prefix + ChunkKeys.manifest("pairs", run), ManifestStore.bytes(m));
        if (withObjects) {
            put(s3, bucket, prefix + key + "/" + NativeBackup.METADATA, METADATA);
            put(s3, bucket, prefix + key + "/data/default/pairs/all_1_1_0/data.bin", DATA);
        }
        return key;
    }

    static void put(S3TestServer s3, String bucket, String key, byte[] content) {
        s3.blobs().putBlob(bucket, s3.blobs().blobBuilder(key).payload(content).build());
    }
}
