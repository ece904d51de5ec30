package org.ooni.analysis.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ooni.analysis.job.Log;

/**
 * The API's workers: a fixed number of threads, a bounded queue, back-pressure when both are full (the accepting
 * thread runs the request itself), and a deadline per request. The JDK server reads the request line, the headers
 * and the body on these threads, so without a deadline as many half-sent requests as there are workers (a
 * "slowloris" client) would stall the server for good. A request past its deadline gets its thread interrupted,
 * which closes the socket channel it is blocked on; the client sees the connection closed.
 */
final class WorkerPool implements Executor, AutoCloseable {
    /** One request being worked on: when it started, and whether the watchdog has interrupted it. */
    private static final class Running {
        final long startNanos = System.nanoTime();
        volatile boolean interrupted;
    }

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final long deadlineNanos;
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final Object interrupting = new Object();
    private final AtomicLong expired = new AtomicLong();
    private final Log log;

    WorkerPool(int threads, int queue, Duration deadline, Log log) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> daemon(r, "api-" + n.incrementAndGet()), new ThreadPoolExecutor.CallerRunsPolicy());
        this.deadlineNanos = deadline.toNanos();
        this.log = log;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "api-deadline"));
        long period = Math.max(100, Math.min(1000, deadline.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::interruptExpired, period, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void execute(Runnable exchange) {
        // wrapped here, so a request that back-pressure runs on the accepting thread is under the deadline too
        pool.execute(() -> watched(exchange));
    }

    private void watched(Runnable exchange) {
        Thread self = Thread.currentThread();
        Running r = new Running();
        running.put(self, r);
        try {
            exchange.run();
        } finally {
            synchronized (interrupting) {
                running.remove(self);
                if (r.interrupted) {
                    Thread.interrupted(); // this request's interrupt must not hit the thread's next one
                }
            }
        }
    }

    private void interruptExpired() {
        long now = System.nanoTime();
        synchronized (interrupting) {
            running.forEach((thread, r) -> {
                if (!r.interrupted && now - r.startNanos > deadlineNanos) {
                    r.interrupted = true;
                    expired.incrementAndGet();
                    thread.interrupt();
                    log.warn("api: a request on " + thread.getName() + " passed its " + deadlineNanos / 1_000_000
                            + " ms deadline; its connection is closed");
                }
            });
        }
    }

    /** Requests cut off at their deadline since the start. */
    long expired() {
        return expired.get();
    }

    /** Stops taking requests, gives queued and running ones up to five seconds, then stops the watchdog. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchdog.shutdownNow();
        }
    }
}
