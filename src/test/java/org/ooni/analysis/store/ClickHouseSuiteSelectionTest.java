package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the selection of {@code .ci/run}'s second pass honest: it runs the classes named {@code *ClickHouse*}
 * against the current ClickHouse, so every test class that talks to a ClickHouse server must carry that name, or
 * it would silently run against 18.16 only.
 */
class ClickHouseSuiteSelectionTest {
    private static final Path TESTS = Path.of("src/test/java");
    private static final List<String> SERVER_MARKERS =
            List.of("ClickHouseTestSupport", "LazyClickHouseDatabase", "CLICKHOUSE_URL");

    @Test
    void everyTestClassThatUsesAServerIsNamedClickHouse() throws IOException {
        assertTrue(Files.isDirectory(TESTS), "run from the project directory: " + TESTS.toAbsolutePath());
        List<String> misnamed;
        List<String> users;
        try (Stream<Path> files = Files.walk(TESTS)) {
            users = files.filter(f -> f.getFileName().toString().endsWith("Test.java"))
                    .filter(ClickHouseSuiteSelectionTest::usesAServer)
                    .map(f -> f.getFileName().toString())
                    .sorted().toList();
        }
        misnamed = users.stream().filter(name -> !name.contains("ClickHouse")).toList();
        assertTrue(users.size() > 10, "found the ClickHouse tests: " + users);
        assertEquals(List.of(), misnamed, "test classes that use a ClickHouse server but are not named *ClickHouse*");
    }

    private static boolean usesAServer(Path file) {
        try {
            String text = Files.readString(file);
            return SERVER_MARKERS.stream().anyMatch(text::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
