package org.ooni.analysis.backup;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.ooni.analysis.error.SourceUnavailable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object upload as an output stream: bytes fill a part buffer; each full buffer becomes a multipart part
 * uploaded in the background while the next fills. At most {@code partsInFlight + 1} buffers exist, so memory is
 * bounded by part size whatever the object size, and a slow upload slows the writer (and so the database query)
 * instead of piling up bytes. An object smaller than one part is sent with a single PUT.
 */
final class PartUploader extends ObjectUpload {
    private final S3ObjectStore store;
    private final S3Client s3;
    private final ExecutorService executor;
    private final String key;
    private final Map<String, String> metadata;
    private final int partSize;
    private final BlockingQueue<byte[]> free;
    private final int maxBuffers;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private int buffers;
    private byte[] buffer;
    private int fill;
    /** The multipart upload's id, asked for on an uploader thread when the first part is full; null until then. */
    private Future<String> uploadId;
    private long size;
    private boolean done;

    PartUploader(S3ObjectStore store, S3Client s3, ExecutorService executor, String key, Map<String, String> metadata,
                 int partSize, int partsInFlight) {
        this.store = store;
        this.s3 = s3;
        this.executor = executor;
        this.key = key;
        this.metadata = Map.copyOf(metadata);
        this.partSize = partSize;
        this.maxBuffers = partsInFlight + 1;
        this.free = new ArrayBlockingQueue<>(maxBuffers);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (done) {
            throw new IllegalStateException("upload of " + key + " already finished");
        }
        while (len > 0) {
            if (buffer == null) {
                buffer = takeBuffer();
                fill = 0;
            }
            int n = Math.min(len, partSize - fill);
            System.arraycopy(b, off, buffer, fill, n);
            fill += n;
            off += n;
            len -= n;
            size += n;
            if (fill == partSize) {
                sendPart();
            }
        }
    }

    private byte[] takeBuffer() {
        byte[] b = free.poll();
        if (b != null) {
            return b;
        }
        if (buffers < maxBuffers) {
            buffers++;
            return new byte[partSize];
        }
        // every buffer is being uploaded: wait for the oldest part, which also surfaces its failure early
        awaitOldestPending();
        b = free.poll();
        return b != null ? b : new byte[partSize];
    }

    private void awaitOldestPending() {
        for (Future<CompletedPart> f : parts) {
            if (!f.isDone()) {
                result(f);
                return;
            }
        }
    }

    private void sendPart() {
        if (uploadId == null) {
            // started where the parts go, so the writer (and the database query behind it) does not wait for the
            // round trip; the executor runs tasks in order, so the first part's task finds it started
            uploadId = executor.submit(() -> s3.createMultipartUpload(b -> b.bucket(store.bucket())
                    .key(store.fullKey(key)).metadata(metadata).contentType("application/zstd")).uploadId());
        }
        byte[] part = buffer;
        int length = fill;
        int number = parts.size() + 1;
        Future<String> id = uploadId;
        buffer = null;
        fill = 0;
        parts.add(executor.submit(() -> {
            try {
                String upload = uploadIdOf(id);
                ContentStreamProvider body = () -> new ByteArrayInputStream(part, 0, length);
                String etag = s3.uploadPart(b -> b.bucket(store.bucket()).key(store.fullKey(key)).uploadId(upload)
                        .partNumber(number).contentLength((long) length),
                        RequestBody.fromContentProvider(body, length, "application/octet-stream")).eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                free.offer(part);
            }
        }));
    }

    /** Waits for the multipart upload to be started; its failure is reported as such, not as a part's. */
    private String uploadIdOf(Future<String> id) {
        return await(id, "start multipart upload");
    }

    private CompletedPart result(Future<CompletedPart> f) {
        return await(f, "upload part");
    }

    /** The task's result; its failure as a {@link SourceUnavailable} that names the step (or the task's own one). */
    private <T> T await(Future<T> task, String step) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailable(store.describe() + key, step + ": interrupted");
        } catch (CancellationException e) {
            throw new SourceUnavailable(store.describe() + key, step + ": cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceUnavailable s) {
                throw s;
            }
            Exception cause = e.getCause() instanceof Exception c ? c : e;
            throw store.failure(key, step, cause);
        }
    }

    @Override
    public long complete() {
        try {
            if (uploadId == null) {
                byte[] body = buffer == null ? new byte[0] : buffer;
                int length = fill;
                s3.putObject(b -> b.bucket(store.bucket()).key(store.fullKey(key)).metadata(metadata)
                        .contentType("application/zstd").contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, length), length,
                                "application/zstd"));
            } else {
                if (fill > 0) {
                    sendPart();
                }
                List<CompletedPart> completed = new ArrayList<>();
                for (Future<CompletedPart> f : parts) {
                    completed.add(result(f));
                }
                completed.sort(Comparator.comparingInt(CompletedPart::partNumber));
                String id = uploadIdOf(uploadId);
                s3.completeMultipartUpload(b -> b.bucket(store.bucket()).key(store.fullKey(key)).uploadId(id)
                        .multipartUpload(m -> m.parts(completed)));
            }
            done = true;
            buffer = null;
            free.clear();
            return size;
        } catch (SdkException e) {
            abort();
            throw store.failure(key, "complete upload", e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        for (Future<CompletedPart> f : parts) {
            f.cancel(true);
        }
        buffer = null;
        free.clear();
        if (uploadId != null) {
            String id;
            try {
                id = uploadIdOf(uploadId); // a start still in flight must finish before it can be aborted
            } catch (SourceUnavailable e) {
                return; // it never started, so there is nothing to abort; the part or complete() reports why
            }
            try {
                s3.abortMultipartUpload(b -> b.bucket(store.bucket()).key(store.fullKey(key)).uploadId(id));
            } catch (SdkException e) {
                // the endpoint may be gone; the next run aborts uploads left dangling (ObjectStore#abortDanglingUploads)
            }
        }
    }

    @Override
    public void flush() {
        // parts go out when full; flushing a partial part would break S3's minimum part size
    }

}
