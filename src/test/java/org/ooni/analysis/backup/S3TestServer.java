package org.ooni.analysis.backup;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import java.util.List;

/** S3Proxy on loopback with an in-memory blob store: a real S3 protocol server for the tests. */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-Zq9";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    static S3TestServer start(int port) {
        return start(port, 0);
    }

    /**
     * A server whose multipart minimum part size is {@code minimumPartSize} instead of S3's 5 MiB (0 keeps S3's), so
     * fault tests can cut uploads of many parts without generating tens of megabytes.
     */
    static S3TestServer start(int port, long minimumPartSize) {
        return start(port, minimumPartSize, ACCESS_KEY, SECRET_KEY);
    }

    /** A server that accepts the given credentials instead of {@link #ACCESS_KEY}/{@link #SECRET_KEY}. */
    static S3TestServer withCredentials(String accessKey, String secretKey) {
        return start(0, 0, accessKey, secretKey);
    }

    private static S3TestServer start(int port, long minimumPartSize, String accessKey, String secretKey) {
        Properties props = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(props).build(BlobStoreContext.class);
        BlobStore store = minimumPartSize <= 0 ? context.getBlobStore() : new ForwardingBlobStore(context.getBlobStore()) {
            @Override
            public long getMinimumMultipartPartSize() {
                return minimumPartSize;
            }

            // S3Proxy hard-codes S3's 5 MiB on completion unless a part's size is unknown (-1)
            @Override
            public List<MultipartPart> listMultipartUpload(MultipartUpload upload) {
                List<MultipartPart> parts = super.listMultipartUpload(upload);
                for (int i = 0; i < parts.size() - 1; i++) {
                    if (parts.get(i).partSize() < minimumPartSize) {
                        return parts;
                    }
                }
                return parts.stream().map(p -> MultipartPart.create(p.partNumber(), -1, p.partETag(), p.lastModified()))
                        .toList();
            }
        };
        S3Proxy proxy = S3Proxy.builder().blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return new S3TestServer(proxy, context);
    }

    public static S3TestServer start() {
        return start(0);
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    int port() {
        return proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public void createBucket(String bucket) {
        blobs().createContainerInLocation(null, bucket);
    }

    void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        context.close();
    }
}
