package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.fetch.GitFetcher;

/**
 * Where the test lists come from: a git remote (https or file URL, or a local repository path), cloned shallowly
 * into a temporary folder, or a plain folder holding {@code lists/} read in place. The version is the commit id
 * for git and a SHA-256 over the list files for a plain folder.
 */
public final class TestListSource {
    private final String location;
    private final GitFetcher git;

    public TestListSource(String location, Duration timeout) {
        this.location = location;
        this.git = new GitFetcher(timeout);
    }

    public String location() {
        return location;
    }

    /** The version the source holds now, found as cheaply as the source allows (no clone for git). */
    public String currentVersion() {
        Path local = localPath();
        if (local != null && isPlainFolder(local)) {
            return contentHash(local.resolve("lists"));
        }
        return git.remoteHead(gitUrl(local));
    }

    /** Materialises the tree: a shallow clone into a temporary folder, or the plain folder itself. */
    public TestListCheckout checkout() {
        Path local = localPath();
        if (local != null && isPlainFolder(local)) {
            return new TestListCheckout(local, contentHash(local.resolve("lists")), false);
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("ooni-citizenlab-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the clone", e);
        }
        try {
            String commit = git.shallowClone(gitUrl(local), tmp);
            return new TestListCheckout(tmp, commit, true);
        } catch (RuntimeException e) {
            TestListCheckout.deleteTree(tmp);
            throw e;
        }
    }

    /** The local folder the location names, or null for a remote URL. */
    private Path localPath() {
        if (location.startsWith("http://") || location.startsWith("https://") || location.startsWith("ssh://")
                || location.startsWith("git://") || location.startsWith("file:")) {
            return null;
        }
        Path p = Path.of(location);
        if (!Files.isDirectory(p)) {
            throw new SourceUnavailable(location, "no such folder");
        }
        return p;
    }

    private String gitUrl(Path local) {
        if (local == null) {
            return location;
        }
        if (!Files.exists(local.resolve(".git")) && !Files.exists(local.resolve("HEAD"))) {
            throw new SourceUnavailable(location, "not a git repository and has no lists/ folder");
        }
        return local.toAbsolutePath().toUri().toString();
    }

    private static boolean isPlainFolder(Path dir) {
        return Files.isDirectory(dir.resolve("lists")) && !Files.exists(dir.resolve(".git"));
    }

    /** SHA-256 over the names and bytes of the top-level list files, in sorted order. */
    static String contentHash(Path listsDir) {
        try (Stream<Path> files = Files.list(listsDir)) {
            List<Path> sorted = files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path p : sorted) {
                sha.update(p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new SourceUnavailable(listsDir.toString(), "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
