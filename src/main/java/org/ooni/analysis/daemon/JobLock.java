package org.ooni.analysis.daemon;

/** Keeps two daemons from running the same job against the same store. */
public interface JobLock extends AutoCloseable {
    /** What one attempt to take a job's lock gave: taken (or already ours), or held elsewhere, by whom. */
    record Attempt(boolean taken, String detail) {
    }

    /** Takes the lock of {@code job} if it is free; once taken it stays ours until {@link #close()}. */
    Attempt tryAcquire(String job);

    /** Releases every lock taken. */
    @Override
    void close();
}
