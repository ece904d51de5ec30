package org.ooni.analysis.backup;

/**
 * One S3 destination of {@code [backup.destinations.NAME]}. Credentials come from the file
 * ({@code access_key_id}/{@code secret_access_key}), else from the environment variables named by
 * {@code access_key_id_env}/{@code secret_access_key_env}, else from the AWS default chain.
 */
public record DestinationSettings(String endpoint, String region, String bucket, String prefix, Boolean pathStyle,
                                  String accessKeyId, String secretAccessKey, String accessKeyIdEnv,
                                  String secretAccessKeyEnv) {
    public DestinationSettings {
        if (region == null) {
            region = "us-east-1";
        }
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (pathStyle == null) {
            pathStyle = false;
        }
    }

    /** Masks the secret so a record printed by accident shows none. */
    @Override
    public String toString() {
        return "DestinationSettings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix="
                + prefix + ", pathStyle=" + pathStyle + ", accessKeyId=" + (accessKeyId == null ? null : "***")
                + ", secretAccessKey=" + (secretAccessKey == null ? null : "***") + "]";
    }
}
