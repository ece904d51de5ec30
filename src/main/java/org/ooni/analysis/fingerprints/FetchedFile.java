package org.ooni.analysis.fingerprints;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One downloaded fingerprint file: where it came from, its bytes (a few hundred KB at most) and their SHA-256. */
public record FetchedFile(FingerprintKind kind, String url, byte[] bytes, String sha256) {
    public static FetchedFile of(FingerprintKind kind, String url, byte[] bytes) {
        return new FetchedFile(kind, url, bytes, sha256(bytes));
    }

    public InputStream open() {
        return new ByteArrayInputStream(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
