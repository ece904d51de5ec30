package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.SourceUnavailable;

/** Uploads through the S3 protocol against S3Proxy: single PUT, multipart with bounded buffers, abort. */
class S3ObjectStoreTest {
    private static S3TestServer server;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        server.createBucket("objects");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static DestinationSettings destination(String endpoint, String bucket, String secret) {
        return new DestinationSettings(endpoint, "us-east-1", bucket, "pre/fix", true, S3TestServer.ACCESS_KEY, secret,
                null, null);
    }

    private static S3ObjectStore store(int partSize) {
        return S3ObjectStore.open(destination(server.endpoint(), "objects", S3TestServer.SECRET_KEY), Map.of(), partSize, 2);
    }

    @Test
    void uploadsSmallAndMultipartObjectsThatReadBackIdentical() throws Exception {
        byte[] data = new byte[(5 << 20) * 2 + 12345];
        new Random(1).nextBytes(data);
        try (S3ObjectStore s3 = store(5 << 20)) {
            try (ObjectUpload up = s3.startUpload("big.bin", Map.of("rows", "7"))) {
                for (int off = 0; off < data.length; off += 100_000) {
                    up.write(data, off, Math.min(100_000, data.length - off));
                }
                assertEquals(data.length, up.complete());
            }
            try (ObjectUpload up = s3.startUpload("small.bin", Map.of())) {
                up.write(data, 0, 10);
                up.complete();
            }
            try (InputStream in = s3.get("big.bin")) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertEquals("7", s3.head("big.bin").orElseThrow().metadata().get("rows"));
            assertEquals(10, s3.head("small.bin").orElseThrow().size());
            assertEquals(List.of("big.bin", "small.bin"), s3.list("").stream().map(ObjectStore.ObjectInfo::key).toList());
            assertTrue(server.blobs().blobExists("objects", "pre/fix/big.bin"), "keys carry the destination prefix");
        }
    }

    @Test
    void anAbortedMultipartUploadLeavesNothing() {
        byte[] data = new byte[(5 << 20) + 1];
        try (S3ObjectStore s3 = store(5 << 20)) {
            try (ObjectUpload up = s3.startUpload("aborted.bin", Map.of())) {
                up.write(data, 0, data.length);
                // closed without complete(): aborted
            }
            assertTrue(s3.head("aborted.bin").isEmpty());
            assertEquals(List.of(), s3.pendingUploads(""));
        }
    }

    @Test
    void aMultipartUploadThatCannotStartSaysSoAtTheWriterAndLeavesNothing() {
        byte[] data = new byte[(5 << 20) * 3];
        DestinationSettings missing = destination(server.endpoint(), "no-such-bucket", S3TestServer.SECRET_KEY);
        try (S3ObjectStore s3 = S3ObjectStore.open(missing, Map.of(), 5 << 20, 2)) {
            // the start is asked for on an uploader thread; its failure must still reach the writer as the start's
            SourceUnavailable e = assertThrows(SourceUnavailable.class, () -> {
                try (ObjectUpload up = s3.startUpload("never.bin", Map.of())) {
                    up.write(data, 0, data.length);
                    up.complete();
                }
            });
            assertTrue(e.getMessage().startsWith("s3://no-such-bucket/pre/fix/never.bin: start multipart upload: 404 "
                    + "NoSuchBucket"), e.getMessage());
            assertFalse(e.retryable(), "a missing bucket stays missing: the backup does not retry");
        }
        assertTrue(server.blobs().list().stream().noneMatch(c -> c.getName().equals("no-such-bucket")));
    }

    @Test
    void wrongCredentialsGiveAClearErrorWithoutTheSecret() {
        String wrong = "wrong-secret-Xy7";
        try (S3ObjectStore s3 = S3ObjectStore.open(destination(server.endpoint(), "objects", wrong), Map.of(), 1 << 20, 1)) {
            SourceUnavailable e = assertThrows(SourceUnavailable.class, () -> s3.put("x", new byte[1], "text/plain"));
            assertTrue(e.getMessage().contains("403"), e.getMessage());
            assertTrue(e.getMessage().contains("s3://objects/pre/fix/x"), e.getMessage());
            assertTrue(!e.getMessage().contains(wrong), e.getMessage());
            assertFalse(e.retryable(), "wrong credentials stay wrong: the backup does not retry");
        }
    }

    @Test
    void anEndpointThatIsNotThereIsWorthAnotherAttempt() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (S3ObjectStore s3 = S3ObjectStore.open(destination("http://127.0.0.1:" + closed, "objects",
                S3TestServer.SECRET_KEY), Map.of(), 1 << 20, 1)) {
            SourceUnavailable e = assertThrows(SourceUnavailable.class, () -> s3.put("x", new byte[1], "text/plain"));
            assertTrue(e.getMessage().startsWith("s3://objects/pre/fix/x: put: "), e.getMessage());
            assertTrue(e.retryable(), "a connection refused may work the next time");
        }
    }
}
