package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.error.StoreError;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Retryability comes from the SDK's status and error code, whatever the message says (pure unit). */
class S3FailuresTest {
    private static S3Exception s3(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void refusalsAreNotRetriedWhateverTheirText() {
        assertFalse(S3Failures.retryable(s3(403, "InvalidAccessKeyId", "no such key id")));
        assertFalse(S3Failures.retryable(s3(403, "SignatureDoesNotMatch", "a message without the number")));
        assertFalse(S3Failures.retryable(s3(404, "NoSuchBucket", "gone")));
        assertFalse(S3Failures.retryable(s3(400, "EntityTooSmall", "part too small")));
    }

    @Test
    void serverErrorsThrottlingTimeoutsAndNetworkFailuresAre() {
        // the old text search would have refused this one: its message mentions "403 " and NoSuchBucket
        assertTrue(S3Failures.retryable(s3(503, "SlowDown", "after 403 NoSuchBucket retries, slow down")));
        assertTrue(S3Failures.retryable(s3(500, "InternalError", "oops")));
        assertTrue(S3Failures.retryable(s3(400, "RequestTimeout", "idle too long")));
        assertTrue(S3Failures.retryable(s3(429, "TooManyRequests", "later")));
        assertTrue(S3Failures.retryable(SdkClientException.create("Connection reset")));
        assertTrue(S3Failures.retryable(new UncheckedIOException(new java.io.IOException("broken pipe"))));
    }

    @Test
    void theChunkExporterStopsOnlyOnARefusal() {
        assertFalse(ChunkExporter.retryable(SourceUnavailable.refused("s3://b/k", "put: 403 InvalidAccessKeyId", null)));
        assertTrue(ChunkExporter.retryable(new SourceUnavailable("s3://b/k", "put: 403 mentioned, not a refusal")));
        assertTrue(ChunkExporter.retryable(new StoreError("connection broke")));
        assertEquals("s3://b/k: put: 403 InvalidAccessKeyId",
                SourceUnavailable.refused("s3://b/k", "put: 403 InvalidAccessKeyId", null).getMessage());
    }
}
