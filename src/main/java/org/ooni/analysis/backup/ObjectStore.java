package org.ooni.analysis.backup;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket of objects under a key prefix: what backups are written to and restored from. Keys passed in are
 * relative to the destination's prefix. Failures are {@link org.ooni.analysis.error.SourceUnavailable}.
 */
public interface ObjectStore extends AutoCloseable {
    /** Where the objects go, e.g. {@code s3://bucket/prefix/}, without credentials. */
    String describe();

    /** Starts an upload that becomes visible only on {@link ObjectUpload#complete()}. */
    ObjectUpload startUpload(String key, Map<String, String> metadata);

    /** Size and user metadata of an object, or empty when it does not exist. */
    Optional<ObjectInfo> head(String key);

    /** The object's bytes as a stream; the caller closes it. */
    InputStream get(String key);

    /** Writes a small object (manifest, schema) in one request. */
    void put(String key, byte[] content, String contentType);

    /** Objects whose key starts with {@code prefix}, in key order. */
    List<ObjectInfo> list(String prefix);

    void delete(String key);

    /** Aborts multipart uploads left under {@code prefix} by a run that died; returns how many. */
    int abortDanglingUploads(String prefix);

    /** Keys of multipart uploads in progress under {@code prefix}. */
    List<String> pendingUploads(String prefix);

    /**
     * How the database server itself reaches {@code key} (ClickHouse's {@code S3(url, id, secret)} of a native
     * backup), or empty when this store has no such address.
     */
    default Optional<ServerSideS3> serverSide(String key) {
        return Optional.empty();
    }

    @Override
    void close();

    /** An object as listed: its key (relative to the prefix), size and user metadata (empty from a listing). */
    record ObjectInfo(String key, long size, Map<String, String> metadata) {
    }
}
