package org.ooni.analysis.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Warehouse;

/** The store-kept lease rules on ClickHouse, plus many runs racing for one lease at the same instant. */
class TableLeasesClickHouseTest extends TableLeasesContract {
    private ClickHouseTestSupport clickhouse;
    private Warehouse store;

    @BeforeEach
    void open() {
        clickhouse = ClickHouseTestSupport.createDatabase();
        store = clickhouse.open(false);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Override
    Warehouse store() {
        return store;
    }

    @Test
    void ofSixRunsRacingExactlyOneTakesTheLeaseAndTheOthersNameIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            int runs = 6;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            List<Warehouse> connections = new ArrayList<>();
            List<Future<RunLeases.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String runId = String.format("%012d", round * 10 + i);
                Warehouse own = clickhouse.open(false);
                connections.add(own);
                claims.add(pool.submit(() -> {
                    go.await();
                    return new TableLeases(own, "host-a", Duration.ofSeconds(30), Clock.systemUTC(), Log.silent(),
                            false).tryAcquire(thisProcess(runId));
                }));
            }
            go.countDown();
            List<Lease> held = new ArrayList<>();
            List<String> named = new ArrayList<>();
            for (Future<RunLeases.Claim> f : claims) {
                RunLeases.Claim c = f.get();
                if (c instanceof RunLeases.Held h) {
                    held.add(h.lease());
                } else {
                    named.add(((RunLeases.Busy) c).holder().runId());
                }
            }
            pool.shutdown();
            assertEquals(1, held.size(), "exactly one holder in round " + round);
            for (String n : named) {
                assertEquals(held.get(0).owner().runId(), n, "every other run names the holder");
            }
            held.get(0).close();
            connections.forEach(Warehouse::close);
        }
    }
}
