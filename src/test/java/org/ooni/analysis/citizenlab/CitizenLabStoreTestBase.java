package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/** Shared set-up of the citizenlab store tests: a real git repository of test lists, a config, and a fresh store. */
abstract class CitizenLabStoreTestBase {
    static final int ROWS = 2_500;
    static final int INVALID_EVERY = 97;
    static final int VALID = ROWS - ROWS / INVALID_EVERY;

    @TempDir
    Path tmp;
    TestListRepo repo;
    Path config;

    /** The --db URL of a fresh, empty store for one test. */
    abstract String dbUrl();

    @BeforeEach
    void createRepo() throws Exception {
        repo = TestListRepo.create(tmp.resolve("repo"), ROWS, INVALID_EVERY);
        config = tmp.resolve("analysis.toml");
        Files.writeString(config, """
                [statsd]
                enabled = false
                [citizenlab]
                source = "%s"
                min_rows = 100
                """.formatted(repo.fileUrl()));
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--db", dbUrl()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** Names of the store's tables that start with {@code prefix}: staging tables left behind, if any. */
    List<String> tablesStartingWith(String prefix) {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            return wh.listTables().stream().filter(t -> t.startsWith(prefix)).toList();
        }
    }

    /** Every row of a table, sorted, one string per row: what "the table is unchanged" is checked against. */
    List<String> rows(String table) {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            List<String> out = new ArrayList<>();
            wh.forEachRow("SELECT domain, url, cc, category_code FROM " + table
                    + " ORDER BY domain, url, cc, category_code", r -> out.add(String.join("|", r)));
            return out;
        }
    }

}
