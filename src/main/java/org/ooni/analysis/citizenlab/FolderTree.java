package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.error.SourceUnavailable;

/**
 * A plain folder holding {@code lists/} (no git), read in place; its version is a SHA-256 over the list files.
 * Symbolic links are never followed (a link to {@code /etc/passwd} must not be read); they are listed for the caller
 * to report.
 */
final class FolderTree implements TestListTree {
    private final Path lists;
    private final List<String> names;
    private final List<String> links;
    private final String version;

    FolderTree(Path root) {
        this.lists = root.resolve("lists");
        if (Files.isSymbolicLink(lists)) {
            throw new InvalidInput("lists/", 0, 0, "lists/ is a symbolic link; links are not followed");
        }
        this.names = entries(lists, p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        this.links = entries(lists, Files::isSymbolicLink);
        this.version = contentHash();
    }

    private static List<String> entries(Path lists, Predicate<Path> kind) {
        if (!Files.isDirectory(lists, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(lists)) {
            return entries.filter(kind).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new SourceUnavailable(lists.toString(), "cannot list: " + e.getMessage(), e);
        }
    }

    private String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (String name : names) {
                if (!name.endsWith(".csv")) {
                    continue;
                }
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = open(name)) {
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new SourceUnavailable(lists.toString(), "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> listFiles() {
        return names;
    }

    @Override
    public List<String> symlinks() {
        return links;
    }

    /** Never through a link, even one made after the folder was listed. */
    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(lists.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        // The user's folder stays as it is.
    }
}
