package org.ooni.analysis.lease;

/**
 * Where the leases of one store live: at most one run of a job holds the job's lease on a store at a time, from any
 * process on any host. {@link TableLeases} keeps them in the store (ClickHouse), {@link FileLeases} next to a DuckDB
 * file; both follow the same rules (docs/operations.md).
 */
public interface RunLeases {
    /** What one attempt gave: the lease, or the live run that holds it. */
    sealed interface Claim permits Held, Busy {
    }

    /** The lease is this run's until {@link Lease#close()}. */
    record Held(Lease lease) implements Claim {
    }

    /** Another live run holds the lease. */
    record Busy(LeaseOwner holder) implements Claim {
    }

    /**
     * Takes the lease of {@code me.job()} when no live run holds it. A holder that is dead by the takeover rule (its
     * process gone on this host, or no heartbeat for the expiry elsewhere) does not count: its lease is taken over.
     */
    Claim tryAcquire(LeaseOwner me);
}
