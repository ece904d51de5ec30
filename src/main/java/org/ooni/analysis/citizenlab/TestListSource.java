package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.lib.Repository;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.fetch.Deadline;
import org.ooni.analysis.fetch.GitFetcher;

/**
 * Where the test lists come from: a git remote (https or file URL, or a local repository path), or a plain folder
 * holding {@code lists/} read in place. A git remote is first asked for its head (cheap); when its files are needed
 * they are fetched into the bare mirror in {@code cacheDir} when one is configured, else shallow-cloned into a
 * temporary folder that is removed on every path.
 */
public final class TestListSource {
    private final String location;
    private final GitFetcher git;
    private final Path cacheDir;

    public TestListSource(String location, Duration timeout, Deadline deadline, Path cacheDir) {
        this.location = location;
        this.git = new GitFetcher(timeout, deadline);
        this.cacheDir = cacheDir;
    }

    public String location() {
        return location;
    }

    /** A plain folder is read in place and needs no separate version check. */
    public boolean isPlainFolder() {
        Path local = localPath();
        return local != null && Files.isDirectory(local.resolve("lists")) && !Files.exists(local.resolve(".git"));
    }

    /** The commit the remote's HEAD points at (git sources only), found without fetching any objects. */
    public String remoteHead() {
        return git.remoteHead(gitUrl());
    }

    /** The tree at {@code head} (a commit id from {@link #remoteHead}, or null for whatever HEAD is now). */
    public TestListTree fetch(String head) {
        if (isPlainFolder()) {
            return new FolderTree(localPath());
        }
        String url = gitUrl();
        if (cacheDir != null && head != null) {
            Repository mirror = git.refreshMirror(url, cacheDir, head);
            return new GitTree(mirror, head, null, location);
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("ooni-citizenlab-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the clone", e);
        }
        try {
            return new GitTree(git.shallowCloneBare(url, tmp), null, tmp, location);
        } catch (RuntimeException e) {
            try {
                GitFetcher.deleteTree(tmp);
            } catch (RuntimeException cleanup) {
                // A clone cut at its deadline may still be writing here; the clone's failure is the one to report.
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The local folder the location names, or null for a URL. */
    private Path localPath() {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !location.matches("^[a-zA-Z]:\\\\.*")) {
            return null;
        }
        Path p = Path.of(location);
        if (!Files.isDirectory(p)) {
            throw new SourceUnavailable(location, "no such folder");
        }
        return p;
    }

    private String gitUrl() {
        Path local = localPath();
        if (local == null) {
            return location;
        }
        if (!Files.exists(local.resolve(".git")) && !Files.exists(local.resolve("HEAD"))) {
            throw new SourceUnavailable(location, "not a git repository and has no lists/ folder");
        }
        return local.toAbsolutePath().toUri().toString();
    }
}
