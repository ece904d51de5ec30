package org.ooni.analysis.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.store.Warehouse;

/**
 * The rules of leases kept in the store, in one process with hosts and clocks chosen by the test: a live holder
 * keeps others out, a released or dead one does not (dead: its pid gone on this host; no row for the expiry on
 * another host), a run that lost its lease cannot confirm it, and old generation markers are dropped.
 */
abstract class TableLeasesContract {
    static final Duration EXPIRY = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    abstract Warehouse store();

    TableLeases leases(String host, Instant now) {
        return new TableLeases(store(), host, EXPIRY, Clock.fixed(now, ZoneOffset.UTC), Log.silent(), false);
    }

    static LeaseOwner owner(String runId, String host, long pid) {
        return new LeaseOwner("citizenlab", runId, host, pid, T0);
    }

    /** A run of this process: started now, so its pid counts as its own (a process started later is not). */
    static LeaseOwner thisProcess(String runId) {
        return new LeaseOwner("citizenlab", runId, "host-a", ProcessHandle.current().pid(), Instant.now());
    }

    @Test
    void aLiveHolderOnThisHostKeepsOthersOutUntilItReleases() {
        Lease held = assertInstanceOf(RunLeases.Held.class, leases("host-a", T0).tryAcquire(thisProcess("aaaaaaaaaaaa")))
                .lease();
        RunLeases.Busy busy = assertInstanceOf(RunLeases.Busy.class,
                leases("host-a", T0.plusSeconds(3600)).tryAcquire(thisProcess("bbbbbbbbbbbb")));
        assertEquals("aaaaaaaaaaaa", busy.holder().runId(), "a live pid on this host holds it whatever the time");
        held.confirmHeld();
        held.close();
        Lease next = assertInstanceOf(RunLeases.Held.class, leases("host-a", T0.plusSeconds(1))
                .tryAcquire(thisProcess("bbbbbbbbbbbb"))).lease();
        assertEquals(List.of("job_lease_citizenlab_2"), markers(), "the old generation's marker is dropped");
        next.close();
    }

    @Test
    void aHolderWhoseProcessIsGoneOnThisHostIsTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Lease dead = assertInstanceOf(RunLeases.Held.class, leases("host-a", T0)
                .tryAcquire(owner("aaaaaaaaaaaa", "host-a", gone.pid()))).lease();
        Lease taken = assertInstanceOf(RunLeases.Held.class, leases("host-a", T0.plusSeconds(1))
                .tryAcquire(thisProcess("bbbbbbbbbbbb"))).lease();
        StoreError lost = assertThrows(StoreError.class, dead::confirmHeld);
        assertEquals("citizenlab: this run (aaaaaaaaaaaa) lost its lease (generation 2 replaced this run's 1); "
                + "not swapping", lost.getMessage());
        taken.confirmHeld();
        taken.close();
    }

    @Test
    void aHolderOnAnotherHostIsTakenOverOnlyAfterTheExpiry() {
        assertInstanceOf(RunLeases.Held.class, leases("host-b", T0).tryAcquire(owner("aaaaaaaaaaaa", "host-b", 1)));
        RunLeases.Busy busy = assertInstanceOf(RunLeases.Busy.class,
                leases("host-a", T0.plus(EXPIRY).minusSeconds(1)).tryAcquire(thisProcess("bbbbbbbbbbbb")));
        assertEquals(owner("aaaaaaaaaaaa", "host-b", 1), busy.holder());
        assertEquals("run aaaaaaaaaaaa on host host-b, pid 1, started 2024-05-01T10:00:00Z", busy.holder().describe());
        assertInstanceOf(RunLeases.Held.class, leases("host-a", T0.plus(EXPIRY).plusSeconds(1))
                .tryAcquire(thisProcess("bbbbbbbbbbbb")));
    }

    private List<String> markers() {
        return store().listTables().stream().filter(t -> t.startsWith("job_lease_citizenlab_")).toList();
    }
}
