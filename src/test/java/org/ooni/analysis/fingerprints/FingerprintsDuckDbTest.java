package org.ooni.analysis.fingerprints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.DelegatingWarehouse;
import org.ooni.analysis.store.Warehouse;

/** The store contract on embedded DuckDB, plus the failure inside the two-table swap. */
class FingerprintsDuckDbTest extends FingerprintsStoreContract {
    @Override
    protected String dbUrl(Path tempDir) {
        return "duckdb:" + tempDir.resolve("analysis.duckdb");
    }

    /**
     * The real DuckDB swap runs all three renames of the DNS pair and the first rename of the HTTP pair inside its
     * transaction, then fails because the HTTP staging table is gone (dropped just before the call, as a crashed or
     * concurrent cleanup would). The rollback must put both live tables back with their old rows.
     */
    @Test
    void failureBetweenTheTwoSwapsLeavesBothOldTables() {
        loadV1();
        Map<String, List<List<String>>> v1 = snapshot();
        try (Warehouse real = open()) {
            java.util.Optional<String> stateBefore = real.readState(FingerprintTables.STATE_KEY);
            Warehouse failing = new DroppingWarehouse(real, FingerprintKind.HTTP.liveTable());
            StoreError e = assertThrows(StoreError.class, () -> runJob(failing, file("dns_v2.csv"),
                    file("http_v2.csv"), 50_000, Metrics.inMemory(), false, true));
            assertTrue(e.getMessage().contains("swap"), e.getMessage());
            assertEquals(6, e.exitCode());
            assertTrue(real.listTables().stream().anyMatch(t -> t.startsWith("fingerprints_dns_stg_")),
                    "the DNS staging table is still aside");
            assertFalse(real.tableExists(FingerprintKind.DNS.liveTable() + "_swap_aside"));
            // the state was not advanced: the next normal run loads v2
            assertEquals(stateBefore, real.readState(FingerprintTables.STATE_KEY));
        }
        assertEquals(v1, snapshot(), "both live tables must hold their old rows");
        assertEquals(0, update(file("dns_v2.csv"), file("http_v2.csv")), stderr());
        assertEquals(rows(SyntheticFingerprints.dns(125, 3)), snapshot().get("fingerprints_dns"));
        assertEquals(rows(SyntheticFingerprints.http(135, 4)), snapshot().get("fingerprints_http"));
    }

    /** Control for the test above: the same wrapper with nothing dropped swaps both tables. */
    @Test
    void wrapperWithoutTheFaultSwapsBoth() {
        loadV1();
        try (Warehouse real = open()) {
            runJob(new DroppingWarehouse(real, null), file("dns_v2.csv"), file("http_v2.csv"), 50_000,
                    Metrics.inMemory(), false, true);
        }
        assertEquals(rows(SyntheticFingerprints.dns(125, 3)), snapshot().get("fingerprints_dns"));
        assertEquals(rows(SyntheticFingerprints.http(135, 4)), snapshot().get("fingerprints_http"));
    }

    /** Delegates to a real warehouse; drops the staging table of one live table right before the swap call. */
    private static final class DroppingWarehouse extends DelegatingWarehouse {
        private final String liveWhoseStagingToDrop;

        DroppingWarehouse(Warehouse real, String liveWhoseStagingToDrop) {
            super(real);
            this.liveWhoseStagingToDrop = liveWhoseStagingToDrop;
        }

        @Override
        public void swap(List<SwapPair> pairs) {
            assertEquals(2, pairs.size(), "both tables must be swapped in one call");
            pairs.stream().filter(p -> p.live().equals(liveWhoseStagingToDrop))
                    .forEach(p -> real.dropTableIfExists(p.staging()));
            real.swap(pairs);
        }
    }
}
