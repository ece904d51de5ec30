package org.ooni.analysis.backup;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Whether an S3 failure may go away if the request is sent again, from what the SDK knows of it (the HTTP status
 * and S3's error code), never from its message text.
 */
final class S3Failures {
    /** Error codes S3 answers with a 4xx status that are about timing, not about the request. */
    private static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "SlowDown", "Throttling",
            "ThrottlingException", "RequestLimitExceeded", "RequestTimeTooSkewed");

    private S3Failures() {
    }

    /**
     * True for anything but a refusal: a network failure, a timeout, a server error (5xx), throttling. False when S3
     * answered 4xx for a reason that another attempt cannot change (403 wrong credentials or signature, 404 no such
     * bucket, 400 bad request...).
     */
    static boolean retryable(Throwable e) {
        if (!(e instanceof SdkServiceException service)) {
            return true;
        }
        int status = service.statusCode();
        if (status >= 500 || status == 408 || status == 429 || service.isThrottlingException()) {
            return true;
        }
        String code = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : null;
        return status < 400 || code != null && TRANSIENT_CODES.contains(code);
    }
}
