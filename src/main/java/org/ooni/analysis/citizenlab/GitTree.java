package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.fetch.GitFetcher;

/**
 * The {@code lists/} files of one commit, read as blobs from a bare repository (no checkout is written). A symbolic
 * link is a blob holding the target's path: it is not followed, only listed for the caller to report.
 */
final class GitTree implements TestListTree {
    private final Repository repo;
    private final String version;
    private final Map<String, ObjectId> files;
    private final List<String> links;
    private final Path temporary;

    /** Reads {@code commit} (or HEAD when null); {@code temporary} is removed on close (null keeps the repository). */
    GitTree(Repository repo, String commit, Path temporary, String location) {
        this.repo = repo;
        this.temporary = temporary;
        try {
            ObjectId id = commit == null ? repo.resolve(Constants.HEAD) : ObjectId.fromString(commit);
            if (id == null) {
                throw new SourceUnavailable(location, "repository has no HEAD commit");
            }
            RevCommit rev = repo.parseCommit(id);
            this.version = rev.getName();
            List<String> found = new ArrayList<>();
            this.files = listsOf(repo, rev, found);
            this.links = List.copyOf(found);
        } catch (IOException e) {
            close();
            throw new SourceUnavailable(location, "cannot read the repository: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Map<String, ObjectId> listsOf(Repository repo, RevCommit commit, List<String> links)
            throws IOException {
        Map<String, ObjectId> found = new TreeMap<>();
        try (TreeWalk lists = TreeWalk.forPath(repo, "lists", commit.getTree())) {
            if (lists == null || !lists.isSubtree()) {
                return found;
            }
            try (TreeWalk walk = new TreeWalk(repo)) {
                walk.addTree(lists.getObjectId(0));
                walk.setRecursive(false);
                while (walk.next()) {
                    FileMode mode = walk.getFileMode(0);
                    if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                        found.put(walk.getNameString(), walk.getObjectId(0));
                    } else if (mode == FileMode.SYMLINK) {
                        links.add(walk.getNameString());
                    }
                }
            }
        }
        return found;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> listFiles() {
        return List.copyOf(files.keySet());
    }

    @Override
    public List<String> symlinks() {
        return links;
    }

    @Override
    public InputStream open(String name) throws IOException {
        ObjectId id = files.get(name);
        if (id == null) {
            throw new java.nio.file.NoSuchFileException("lists/" + name);
        }
        return repo.open(id, Constants.OBJ_BLOB).openStream();
    }

    @Override
    public void close() {
        repo.close();
        if (temporary != null) {
            GitFetcher.deleteTree(temporary);
        }
    }
}
