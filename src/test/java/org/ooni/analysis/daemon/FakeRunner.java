package org.ooni.analysis.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job runner whose runs do what the test says (succeed, fail, or block until released or interrupted) and which
 * counts what ran, what ran at the same time, and what was recorded as skipped.
 */
final class FakeRunner implements JobRunner {
    /** What a run of a job does. */
    enum Behaviour { OK, FAIL, BLOCK }

    private final Optional<Map<String, Instant>> history;
    private final Map<String, List<Behaviour>> plans = new ConcurrentHashMap<>();
    private final Set<String> heavy;
    private final Set<String> running = new HashSet<>();
    private final List<String> started = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<String, String> abortReasons = new HashMap<>();
    private final Set<String> interrupted = new HashSet<>();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private int maxSameJob;
    private int maxHeavy;

    FakeRunner(Optional<Map<String, Instant>> history, Set<String> heavy) {
        this.history = history;
        this.heavy = heavy;
    }

    /** The behaviours of the job's next runs, in order; after the last, runs succeed. */
    FakeRunner plan(String job, Behaviour... next) {
        plans.put(job, new ArrayList<>(List.of(next)));
        return this;
    }

    void releaseBlocked() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    @Override
    public void run(String job, AbortSignal abort) {
        Behaviour b;
        CountDownLatch latch;
        synchronized (this) {
            latch = release; // taken before awaitStarted() can return, so a later release always frees this run
            started.add(job);
            if (running.contains(job)) {
                maxSameJob = 2;
            }
            running.add(job);
            maxSameJob = Math.max(maxSameJob, 1);
            maxHeavy = Math.max(maxHeavy, (int) running.stream().filter(heavy::contains).count());
            List<Behaviour> plan = plans.getOrDefault(job, new ArrayList<>());
            b = plan.isEmpty() ? Behaviour.OK : plan.remove(0);
            notifyAll();
        }
        try {
            if (b == Behaviour.BLOCK) {
                try {
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test never released " + job);
                    }
                } catch (InterruptedException e) {
                    synchronized (this) {
                        interrupted.add(job);
                        abortReasons.put(job, abort.reason());
                    }
                    throw new IllegalStateException(job + " interrupted", e);
                }
            } else if (b == Behaviour.FAIL) {
                throw new IllegalStateException(job + " failed on purpose");
            }
        } finally {
            synchronized (this) {
                running.remove(job);
            }
        }
    }

    @Override
    public synchronized void recordSkipped(String job, Instant at, String reason) {
        skipped.add(job + " at " + at + ": " + reason);
    }

    @Override
    public Optional<Map<String, Instant>> lastStarts() {
        return history;
    }

    /** Waits (at most 30 s) until the job's run number {@code n} has begun. */
    synchronized void awaitStarted(String job, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (started.stream().filter(job::equals).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(job + " run " + n + " never started; started: " + started);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized List<String> started() {
        return List.copyOf(started);
    }

    synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }

    synchronized int maxSameJobAtOnce() {
        return maxSameJob;
    }

    synchronized int maxHeavyAtOnce() {
        return maxHeavy;
    }

    synchronized boolean wasInterrupted(String job) {
        return interrupted.contains(job);
    }

    synchronized String abortReason(String job) {
        return abortReasons.get(job);
    }

    synchronized boolean isRunning(String job) {
        return running.contains(job);
    }
}
