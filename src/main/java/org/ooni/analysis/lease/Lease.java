package org.ooni.analysis.lease;

/** A held lease: kept alive while the run goes on, checked before the run swaps, given back at the end. */
public interface Lease extends AutoCloseable {
    LeaseOwner owner();

    /**
     * Throws {@link org.ooni.analysis.error.StoreError} when this run can no longer be sure it holds the lease (it was
     * taken over after missed heartbeats): called right before a swap, so a run that lost it never swaps.
     */
    void confirmHeld();

    /** Gives the lease back; never throws (a lease not given back expires by the takeover rule). */
    @Override
    void close();
}
