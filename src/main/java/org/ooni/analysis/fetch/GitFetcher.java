package org.ooni.analysis.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.ooni.analysis.error.SourceUnavailable;

/**
 * Git access through JGit: ask a remote for its head; make a bare shallow clone; keep a bare mirror up to date.
 * Nothing here checks files out: callers read blobs straight from the object database.
 *
 * <p>JGit's own timeout is per read, so a remote that sends a byte just often enough holds it forever: each public
 * operation therefore runs on a worker thread under an overall {@link Deadline}, and past it the job fails with
 * exit 3. The worker is interrupted and left to end on its own (it is a daemon thread; JGit does not always answer
 * an interrupt while blocked in a socket read).
 */
public final class GitFetcher {
    private final Duration timeout;
    private final Deadline deadline;

    public GitFetcher(Duration timeout, Deadline deadline) {
        this.timeout = timeout;
        this.deadline = deadline;
    }

    /** The commit id the remote's HEAD points at, without fetching any objects. */
    public String remoteHead(String url) {
        return within(url, () -> askHead(url));
    }

    private String askHead(String url) {
        try {
            Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(url).setTimeout(seconds()).callAsMap();
            Ref head = refs.get("HEAD");
            if (head == null || head.getObjectId() == null) {
                throw new SourceUnavailable(url, "remote has no HEAD (empty repository?)");
            }
            return head.getObjectId().name();
        } catch (GitAPIException | JGitInternalException e) {
            throw unavailable(url, e);
        }
    }

    /** Clones the remote's default branch at depth 1, bare, into {@code dir}; the caller closes the repository. */
    public Repository shallowCloneBare(String url, Path dir) {
        return within(url, () -> cloneBare(url, dir));
    }

    private Repository cloneBare(String url, Path dir) {
        try {
            Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setBare(true).setDepth(1)
                    .setCloneAllBranches(false).setNoTags().setTimeout(seconds()).call();
            return git.getRepository();
        } catch (GitAPIException | JGitInternalException e) {
            throw unavailable(url, e);
        }
    }

    /**
     * Brings the bare mirror at {@code mirror} up to {@code commit} (the remote head just seen): a shallow fetch
     * when the mirror exists, a clone otherwise. A mirror that cannot be opened or fetched into is removed and
     * cloned again once, so a corrupt cache heals itself. The caller closes the repository.
     */
    public Repository refreshMirror(String url, Path mirror, String commit) {
        return within(url, () -> refresh(url, mirror, commit));
    }

    private Repository refresh(String url, Path mirror, String commit) {
        if (Files.isDirectory(mirror)) {
            Repository repo = null;
            try {
                repo = Git.open(mirror.toFile()).getRepository();
                try (Git git = new Git(repo)) {
                    git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).setDepth(1)
                            .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS).setTimeout(seconds()).call();
                }
                repo.parseCommit(ObjectId.fromString(commit));
                return repo;
            } catch (GitAPIException | IOException | RuntimeException e) {
                // Whatever went wrong (a broken cache, or the remote), start again from a fresh clone: a real
                // network failure then surfaces as the clone's error, and a corrupt mirror heals itself.
                if (repo != null) {
                    repo.close();
                }
                deleteTree(mirror);
            }
        }
        Repository repo = cloneBare(url, mirror);
        try {
            repo.parseCommit(ObjectId.fromString(commit));
        } catch (MissingObjectException e) {
            // The remote moved on between the head check and the clone: read what was cloned.
        } catch (IOException e) {
            repo.close();
            throw new SourceUnavailable(url, "cannot read the cloned mirror: " + e.getMessage(), e);
        }
        return repo;
    }

    /**
     * Runs {@code op} on a worker thread and waits at most the deadline for it. Its own failures pass through as
     * they are; past the deadline the worker is interrupted and the deadline's failure thrown.
     */
    private <T> T within(String url, Callable<T> op) {
        FutureTask<T> task = new FutureTask<>(op);
        Thread worker = new Thread(task, "git-fetch");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(deadline.limit().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw deadline.passed(url);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new SourceUnavailable(url, "interrupted while waiting for git", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SourceUnavailable(url, "git: " + cause, cause);
        }
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    /** Removes a folder and everything under it (temporary clones, broken mirrors). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private static SourceUnavailable unavailable(String url, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg = msg + ": " + root.getMessage();
        }
        int nl = msg.indexOf('\n');
        return new SourceUnavailable(url, "git: " + (nl < 0 ? msg : msg.substring(0, nl)), e);
    }
}
