package org.ooni.analysis.backup;

/**
 * An S3 address as a database server uses it: a URL naming bucket and key, and the credentials (null when the
 * server is to use its own). {@link #toString} masks the credentials.
 *
 * @param sessionToken of temporary credentials, else null
 */
public record ServerSideS3(String url, String accessKeyId, String secretAccessKey, String sessionToken) {
    /** The same credentials for another URL (the base of an incremental backup). */
    ServerSideS3 withUrl(String otherUrl) {
        return new ServerSideS3(otherUrl, accessKeyId, secretAccessKey, sessionToken);
    }

    /**
     * {@code text} with every credential of this address replaced by {@code ***}, as it is and as a string literal
     * of the statement escapes it (a server's message may quote the statement).
     */
    String mask(String text) {
        String masked = text;
        for (String secret : new String[] {secretAccessKey, sessionToken, accessKeyId}) {
            if (masked != null && secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, "***")
                        .replace(secret.replace("\\", "\\\\").replace("'", "\\'"), "***");
            }
        }
        return masked;
    }

    @Override
    public String toString() {
        return "ServerSideS3[url=" + url + ", credentials=" + (accessKeyId == null ? "the server's" : "***") + "]";
    }
}
