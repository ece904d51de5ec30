package org.ooni.analysis.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while counting them and, optionally, hashing them with SHA-256; {@link #close()} does not
 * close the stream below, so a compressor can be finished without completing or aborting the upload under it.
 */
final class ByteTally extends FilterOutputStream {
    private final MessageDigest sha;
    private long bytes;

    ByteTally(OutputStream out, boolean hash) {
        super(out);
        this.sha = hash ? sha256() : null;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (sha != null) {
            sha.update(b, off, len);
        }
        bytes += len;
    }

    long bytes() {
        return bytes;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
