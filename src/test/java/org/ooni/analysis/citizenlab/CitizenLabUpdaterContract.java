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

/**
 * The citizenlab job end to end through the CLI, against a real store (one subclass per back end) and a real git
 * repository cloned through a file:// URL.
 */
abstract class CitizenLabUpdaterContract extends CitizenLabStoreTestBase {
    @Test
    void loadsSkipsUnchangedReloadsChangesAndForces() throws Exception {
        CliRun.Result first = cli("update", "citizenlab");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("citizenlab: updated from " + repo.fileUrl()), first.out());
        assertEquals(List.of("ok " + VALID), recordedRuns());
        assertTrue(first.out().contains("rows rejected:     " + ROWS / INVALID_EVERY), first.out());
        assertTrue(first.out().contains("change vs live:    +" + VALID + " added, -0 removed (live had 0 rows)"),
                first.out());
        List<String> loaded = rows("citizenlab");
        assertEquals(VALID, loaded.size());
        assertTrue(loaded.stream().allMatch(r -> r.split("\\|")[2].equals("ZZ")
                || TestListRepo.COUNTRIES.contains(r.split("\\|")[2])), "cc comes from the file name, NULs stripped");

        CliRun.Result second = cli("update", "citizenlab");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(List.of("ok " + VALID, "unchanged 0"), recordedRuns());
        assertEquals(loaded, rows("citizenlab"));

        repo.append("ir.csv", "https://new.example.ir/feed?x=1,NEWS,News Media,2024-01-02,test,");
        CliRun.Result third = cli("update", "citizenlab");
        assertEquals(0, third.exitCode(), third.err());
        assertTrue(third.out().contains("change vs live:    +1 added, -0 removed (live had " + VALID + " rows)"),
                third.out());
        List<String> after = rows("citizenlab");
        assertEquals(VALID + 1, after.size());
        assertTrue(after.contains("new.example.ir|https://new.example.ir/feed?x=1|ir|NEWS"));
        assertEquals(List.of(), tablesStartingWith("citizenlab_stg_"), "the staging table is dropped after the swap");

        CliRun.Result forced = cli("update", "citizenlab", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(List.of("ok " + VALID, "ok " + (VALID + 1), "ok " + (VALID + 1), "unchanged 0"),
                recordedRuns(), "a forced run loads again though the source is unchanged");
        assertTrue(forced.out().contains("+0 added, -0 removed"), forced.out());
        assertEquals(after, rows("citizenlab"));
    }

    @Test
    void dryRunValidatesAndWritesNothing() {
        assertEquals(0, cli("update", "citizenlab").exitCode());
        List<String> before = rows("citizenlab");
        Path plain = tmp.resolve("plain");
        SyntheticTestLists.write(plain, 1_000, TestListRepo.COUNTRIES, 0, 99L);
        CliRun.Result dry = cli("--dry-run", "update", "citizenlab", "--source", plain.toString());
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("citizenlab: dry-run from " + plain), dry.out());
        assertTrue(dry.out().contains("rows loaded:       1000 (dry run, not written)"), dry.out());
        assertEquals(before, rows("citizenlab"));
    }

    @Test
    void plainFolderSourceIsReadInPlaceAndVersionedByContent() throws IOException {
        Path plain = tmp.resolve("plain");
        SyntheticTestLists.write(plain, 500, List.of("it"), 0, 3L);
        assertEquals(0, cli("update", "citizenlab", "--source", plain.toString()).exitCode());
        assertEquals(500, rows("citizenlab").size());
        assertEquals(0, cli("update", "citizenlab", "--source", plain.toString()).exitCode());
        assertEquals(List.of("ok 500", "unchanged 0"), recordedRuns(), "the same files are the same version");
        Files.writeString(plain.resolve("lists/it.csv"),
                "https://ansa.it/,NEWS,News Media,2020-01-01,x,\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        CliRun.Result changed = cli("update", "citizenlab", "--source", plain.toString());
        assertEquals(0, changed.exitCode(), changed.err());
        assertEquals(List.of("ok 500", "ok 501", "unchanged 0"), recordedRuns(), "a changed file is a new version");
        assertTrue(rows("citizenlab").contains("ansa.it|https://ansa.it/|it|NEWS"));
        assertTrue(Files.exists(plain.resolve("lists/it.csv")), "a user's own folder is never removed");
    }

    @Test
    void rowsPerCountryAreSummarised() {
        CliRun.Result r = cli("update", "citizenlab");
        String perCc = r.out().lines().filter(l -> l.contains("rows per cc:")).findFirst().orElseThrow();
        assertTrue(perCc.startsWith("  rows per cc:       ZZ "), perCc);
        assertTrue(perCc.endsWith("(top 10 of 11 codes)"), perCc);
        assertFalse(r.out().contains("cis"), "cis.csv is skipped");
    }

    @Test
    void queryPrintsCountryCodesWithoutPadding() {
        assertEquals(0, cli("update", "citizenlab").exitCode());
        CliRun.Result q = cli("query", "SELECT DISTINCT cc FROM citizenlab WHERE cc IN ('ZZ', 'ir') ORDER BY cc");
        assertEquals(0, q.exitCode(), q.err());
        assertEquals("cc\nZZ\nir\n", q.out());
    }

    /** The citizenlab runs job_runs holds, as "outcome rows_written", sorted (runs of one second tie on started). */
    private List<String> recordedRuns() {
        try (Warehouse wh = Warehouses.open(StoreUrl.parse(dbUrl()), true)) {
            List<String> runs = new ArrayList<>();
            wh.forEachRow("SELECT outcome, rows_written FROM job_runs WHERE job = 'citizenlab'",
                    r -> runs.add(r.get(0) + " " + r.get(1)));
            runs.sort(null);
            return runs;
        }
    }
}
