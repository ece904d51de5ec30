package org.ooni.analysis.backup;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ooni.analysis.error.SourceUnavailable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 (or S3-compatible) destination through the AWS SDK v2 with the JDK's HTTP client. Uploads are multipart
 * with a bounded number of part buffers ({@link PartUploader}); checksums are computed only where S3 requires
 * them, so S3-compatible servers without the newer trailing checksums work too.
 */
public final class S3ObjectStore implements ObjectStore {
    private final DestinationSettings settings;
    private final AwsCredentialsProvider credentials;
    private final S3Client s3;
    private final int partSize;
    private final int partsInFlight;
    private final ExecutorService uploaders;

    private S3ObjectStore(DestinationSettings settings, AwsCredentialsProvider credentials, S3Client s3, int partSize,
                          int partsInFlight) {
        this.settings = settings;
        this.credentials = credentials;
        this.s3 = s3;
        this.partSize = partSize;
        this.partsInFlight = partsInFlight;
        this.uploaders = Executors.newFixedThreadPool(partsInFlight, r -> {
            Thread t = new Thread(r, "s3-part-upload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects lazily: the first request finds out whether endpoint and credentials work. */
    public static S3ObjectStore open(DestinationSettings d, Map<String, String> env, int partSize, int partsInFlight) {
        AwsCredentialsProvider credentials = credentials(d, env);
        var builder = S3Client.builder()
                .region(Region.of(d.region()))
                .forcePathStyle(d.pathStyle())
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(3)));
        // Parts are byte arrays, so the SDK can hash a part before sending it. Its default over plain HTTP, the
        // aws-chunked body with a signature per chunk, makes an S3-compatible server decode the chunk framing
        // (S3Proxy does it a byte at a time); over HTTPS the payload goes unsigned either way.
        builder.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (d.endpoint() != null && !d.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(d.endpoint()));
        }
        return new S3ObjectStore(d, credentials, builder.build(), partSize, partsInFlight);
    }

    static AwsCredentialsProvider credentials(DestinationSettings d, Map<String, String> env) {
        String id = d.accessKeyId();
        String secret = d.secretAccessKey();
        if (id == null && d.accessKeyIdEnv() != null) {
            id = env.get(d.accessKeyIdEnv());
            secret = d.secretAccessKeyEnv() == null ? null : env.get(d.secretAccessKeyEnv());
        }
        if (id != null && secret != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix();
    }

    String bucket() {
        return settings.bucket();
    }

    String fullKey(String key) {
        return settings.prefix() + key;
    }

    SourceUnavailable failure(String key, String what, Exception e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : rootMessage(e);
        String source = "s3://" + settings.bucket() + "/" + fullKey(key);
        return S3Failures.retryable(e) ? new SourceUnavailable(source, what + ": " + reason, e)
                : SourceUnavailable.refused(source, what + ": " + reason, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return root == e ? msg : msg + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /**
     * AWS: the original's virtual-hosted URL {@code https://BUCKET.s3.amazonaws.com/KEY}; another endpoint: path
     * style, {@code ENDPOINT/BUCKET/KEY}, which is how ClickHouse reads an S3 URL whose host is not AWS's.
     */
    @Override
    public Optional<ServerSideS3> serverSide(String key) {
        String endpoint = settings.endpoint();
        String url = endpoint == null || endpoint.isBlank()
                ? "https://" + settings.bucket() + ".s3.amazonaws.com/" + fullKey(key)
                : endpoint.replaceAll("/+$", "") + "/" + settings.bucket() + "/" + fullKey(key);
        AwsCredentials c;
        try {
            c = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw failure(key, "credentials for the database server", e);
        }
        return Optional.of(new ServerSideS3(url, c.accessKeyId(), c.secretAccessKey(),
                c instanceof AwsSessionCredentials session ? session.sessionToken() : null));
    }

    @Override
    public ObjectUpload startUpload(String key, Map<String, String> metadata) {
        return new PartUploader(this, s3, uploaders, key, metadata, partSize, partsInFlight);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(settings.bucket()).key(fullKey(key)));
            return Optional.of(new ObjectInfo(key, r.contentLength(), r.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(key, "head", e);
        } catch (SdkException e) {
            throw failure(key, "head", e);
        }
    }

    @Override
    public InputStream get(String key) {
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            throw failure(key, "get", e);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(fullKey(key)).contentType(contentType),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure(key, "put", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> found = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(fullKey(prefix))).contents()) {
                found.add(new ObjectInfo(o.key().substring(settings.prefix().length()), o.size(), Map.of()));
            }
        } catch (SdkException e) {
            throw failure(prefix, "list", e);
        }
        return found;
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            throw failure(key, "delete", e);
        }
    }

    @Override
    public int abortDanglingUploads(String prefix) {
        int aborted = 0;
        for (MultipartUpload u : uploads(prefix)) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(settings.bucket()).key(u.key())
                        .uploadId(u.uploadId()).build());
                aborted++;
            } catch (SdkException e) {
                throw failure(u.key().substring(settings.prefix().length()), "abort dangling upload", e);
            }
        }
        return aborted;
    }

    @Override
    public List<String> pendingUploads(String prefix) {
        return uploads(prefix).stream().map(u -> u.key().substring(settings.prefix().length())).toList();
    }

    private List<MultipartUpload> uploads(String prefix) {
        try {
            ListMultipartUploadsResponse r = s3.listMultipartUploads(b -> b.bucket(settings.bucket()).prefix(fullKey(prefix)));
            return r.uploads();
        } catch (SdkException e) {
            throw failure(prefix, "list uploads", e);
        }
    }

    @Override
    public void close() {
        uploaders.shutdownNow();
        s3.close();
    }
}
