package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;

/** The cached bare mirror: created on first use, fetched into on change, rebuilt when corrupt. */
class TestListMirrorTest extends CitizenLabStoreTestBase {
    @Override
    String dbUrl() {
        return "duckdb:" + tmp.resolve("analysis.duckdb");
    }

    private Path useMirror() throws Exception {
        Path mirror = tmp.resolve("cache/test-lists.git");
        Files.writeString(config, Files.readString(config) + "cache_dir = \"" + mirror + "\"\n");
        return mirror;
    }

    @Test
    void mirrorIsCreatedThenFetchedInto() throws Exception {
        Path mirror = useMirror();
        CliRun.Result first = cli("update", "citizenlab");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.isRegularFile(mirror.resolve("HEAD")), "a bare mirror was made");
        assertEquals(VALID, rows("citizenlab").size());

        repo.append("ru.csv", "https://meduza.example.io/,NEWS,News Media,2024-03-01,test,");
        CliRun.Result second = cli("update", "citizenlab");
        assertEquals(0, second.exitCode(), second.err());
        List<String> after = rows("citizenlab");
        assertEquals(VALID + 1, after.size(), "one row added");
        assertTrue(after.contains("meduza.example.io|https://meduza.example.io/|ru|NEWS"));
        assertTrue(Files.isRegularFile(mirror.resolve("HEAD")), "the mirror is kept for the next run");
    }

    @Test
    void corruptMirrorIsRebuilt() throws Exception {
        Path mirror = useMirror();
        assertEquals(0, cli("update", "citizenlab").exitCode());
        try (Stream<Path> objects = Files.walk(mirror.resolve("objects"))) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                Files.write(p, new byte[] {1, 2, 3});
            }
        }
        Files.writeString(mirror.resolve("HEAD"), "garbage\n");
        repo.append("ru.csv", "https://after-corruption.example.io/,NEWS,News Media,2024-03-01,test,");
        CliRun.Result r = cli("update", "citizenlab");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(rows("citizenlab").contains(
                "after-corruption.example.io|https://after-corruption.example.io/|ru|NEWS"));
    }

    @Test
    void withoutMirrorNoTemporaryCloneIsLeftBehind() throws Exception {
        Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countClones(tmpRoot);
        assertEquals(0, cli("update", "citizenlab").exitCode());
        assertEquals(3, cli("update", "citizenlab", "--source", "file:///nonexistent/repo").exitCode());
        assertEquals(before, countClones(tmpRoot), "temporary clones are removed on success and on failure");
    }

    private static long countClones(Path tmpRoot) throws Exception {
        try (Stream<Path> s = Files.list(tmpRoot)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ooni-citizenlab-")).count();
        }
    }
}
