package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.ooni.analysis.error.SourceUnavailable;

/** A plain folder holding {@code lists/} (no git), read in place; its version is a SHA-256 over the list files. */
final class FolderTree implements TestListTree {
    private final Path lists;
    private final List<String> names;
    private final String version;

    FolderTree(Path root) {
        this.lists = root.resolve("lists");
        this.names = listNames(lists);
        this.version = contentHash();
    }

    private static List<String> listNames(Path lists) {
        if (!Files.isDirectory(lists)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(lists)) {
            return entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
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
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(lists.resolve(name));
    }

    @Override
    public void close() {
        // The user's folder stays as it is.
    }
}
