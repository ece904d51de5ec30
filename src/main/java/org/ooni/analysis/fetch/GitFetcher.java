package org.ooni.analysis.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.ooni.analysis.error.SourceUnavailable;

/** Git access through JGit: ask a remote for its head, and make a shallow clone of it. */
public final class GitFetcher {
    private final Duration timeout;

    public GitFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    /** The commit id the remote's HEAD points at, without fetching any objects. */
    public String remoteHead(String url) {
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

    /** Clones the remote's default branch at depth 1 into {@code dir}; returns the checked-out commit id. */
    public String shallowClone(String url, Path dir) {
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setDepth(1)
                .setCloneAllBranches(false).setNoTags().setTimeout(seconds()).call()) {
            ObjectId head = git.getRepository().resolve("HEAD");
            if (head == null) {
                throw new SourceUnavailable(url, "cloned repository has no HEAD commit");
            }
            return head.name();
        } catch (GitAPIException | JGitInternalException e) {
            throw unavailable(url, e);
        } catch (java.io.IOException e) {
            throw new SourceUnavailable(url, "cannot read the cloned repository: " + e.getMessage(), e);
        }
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
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
