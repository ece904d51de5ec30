package org.ooni.analysis.citizenlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository of test lists, made with JGit for a test, that can take further commits. */
final class TestListRepo implements AutoCloseable {
    static final List<String> COUNTRIES = List.of("br", "cn", "de", "eg", "in", "ir", "ru", "tr", "ua", "us");
    private final Path dir;
    private final Git git;

    private TestListRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** A repository whose first commit holds a synthetic tree of {@code rows} rows. */
    static TestListRepo create(Path dir, int rows, int invalidEvery) throws GitAPIException {
        SyntheticTestLists.write(dir, rows, COUNTRIES, invalidEvery, 7L);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("master").call();
        TestListRepo repo = new TestListRepo(dir, git);
        repo.commitAll("initial lists");
        return repo;
    }

    String fileUrl() {
        return dir.toUri().toString();
    }

    Path dir() {
        return dir;
    }

    String commitAll(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage(message).setAuthor("test", "test@example.org")
                .setCommitter("test", "test@example.org").call();
        return c.getName();
    }

    /** Appends rows to a list file and commits; returns the new commit id. */
    String append(String file, String... rows) throws IOException, GitAPIException {
        Path p = dir.resolve("lists").resolve(file);
        Files.writeString(p, String.join("\n", rows) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return commitAll("append to " + file);
    }

    /** Replaces a list file's bytes and commits. */
    String replace(String file, byte[] content) throws IOException, GitAPIException {
        Files.write(dir.resolve("lists").resolve(file), content);
        return commitAll("replace " + file);
    }

    @Override
    public void close() {
        git.close();
    }
}
