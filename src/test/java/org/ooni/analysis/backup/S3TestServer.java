package org.ooni.analysis.backup;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** S3Proxy on loopback with an in-memory blob store: a real S3 protocol server for the tests. */
final class S3TestServer implements AutoCloseable {
    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret-Zq9";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    static S3TestServer start(int port) {
        Properties props = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(props).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
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

    static S3TestServer start() {
        return start(0);
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    int port() {
        return proxy.getPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    void createBucket(String bucket) {
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
