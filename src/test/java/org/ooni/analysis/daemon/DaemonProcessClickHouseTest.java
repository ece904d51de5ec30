package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.store.ClickHouseTestSupport;

/**
 * The daemon process on ClickHouse (skipped without CLICKHOUSE_URL), plus two daemons on one store: the second
 * one finds the job's lock taken and does not run it. (On DuckDB the second daemon cannot even open the file while
 * the first one's run holds it.)
 */
class DaemonProcessClickHouseTest extends DaemonProcessContract {
    private ClickHouseTestSupport clickhouse;

    @BeforeEach
    @Override
    void loadSmallLiveTableLongAgo() throws Exception {
        clickhouse = ClickHouseTestSupport.createDatabase();
        super.loadSmallLiveTableLongAgo();
    }

    @AfterEach
    void dropDatabase() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Override
    String dbUrl() {
        return clickhouse.dbArgument();
    }

    @Test
    void aSecondDaemonOnTheSameStoreDoesNotRunTheJob() throws Exception {
        List<String> live = liveRows();
        Path config = daemonConfig(60, 1);
        try (ChildProcess first = ChildProcess.cli("--config", config.toString(), "--db", dbUrl(), "daemon")) {
            first.awaitLine("citizenlab: pausing 60 s before the swap");
            try (ChildProcess second = ChildProcess.cli("--config", config.toString(), "--db", dbUrl(), "daemon")) {
                String refused = second.awaitLine("WARN daemon: citizenlab: not run: lock ");
                assertTrue(refused.contains(" is held by another daemon (pid " + first.pid() + " on "), refused);
                assertEquals(0, second.terminate(), second.output());
                assertEquals(List.of("ok "), citizenlabRuns(), "the second daemon recorded no run");
            }
            assertEquals(0, first.terminate(), first.output());
        }
        assertEquals(live, liveRows());
        assertEquals(List.of("ok ", "failed shutdown: aborted by SIGTERM after the 1 s grace period (interrupted "
                + "before the swap)"), citizenlabRuns(), "one run only: the first daemon's");
    }
}
