package org.ooni.analysis.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.ooni.analysis.job.Log;

/**
 * The {@code daemon}'s scheduler: decides when each scheduled job runs, and runs it on its own thread through a
 * {@link JobRunner}. Reads the schedules ({@code [schedule]}), its rules ({@code [daemon]}) and, at start, the last
 * run of each job from {@code job_runs}; writes nothing itself (each run records itself; a skipped slot is recorded
 * through the runner). Run it locally with
 * {@code bin/ooni-analysis --config examples/analysis.toml --stdout daemon} (see docs/daemon.md).
 *
 * <p>Rules: a job never overlaps itself (a slot that comes while it runs is recorded as skipped); at most one heavy
 * job runs at a time (a due heavy job waits for the running one); a missed run is done once at start, like a
 * persistent systemd timer; a failed attempt is retried after {@code retry_interval_minutes}, up to
 * {@code retry_attempts} attempts, unless the next slot comes first; before starting a job, its lock must be ours.
 *
 * <p>{@link #tick(Instant)} does one step at a given time and returns when the next is due, so tests drive the
 * scheduler with their own times; {@link #runLoop(Waiter)} is the daemon's loop around it. Shutdown is
 * {@link #stop()} then {@link #finish(Duration, Duration, String)}.
 */
public final class Scheduler {
    private static final Instant NEVER = Instant.MAX;

    private final Map<String, State> states = new LinkedHashMap<>();
    private final DaemonSettings settings;
    private final JobRunner runner;
    private final JobLock lock;
    private final Clock clock;
    private final Log log;
    private final LongUnaryOperator randomDelay;
    private final AbortSignal abort = new AbortSignal();
    private volatile boolean stopping;
    private volatile Waiter waiter = Waiter.onClock(Clock.systemUTC());
    private String heavyRunning;

    /** Per-job scheduling state; guarded by the scheduler's monitor. */
    private static final class State {
        final ScheduledJob job;
        Instant slot;
        Instant dueAt;
        Instant retryAt;
        int attempt = 1;
        boolean pending;
        boolean waitLogged;
        Thread thread;
        Instant startedAt;
        int runs;

        State(ScheduledJob job) {
            this.job = job;
        }
    }

    /**
     * @param randomDelay given a job's largest delay in seconds, the delay of one run (0 to max); tests pass a fixed
     *                    function
     */
    public Scheduler(List<ScheduledJob> jobs, DaemonSettings settings, JobRunner runner, JobLock lock, Clock clock,
                     Log log, LongUnaryOperator randomDelay) {
        jobs.forEach(j -> states.put(j.name(), new State(j)));
        this.settings = settings;
        this.runner = runner;
        this.lock = lock;
        this.clock = clock;
        this.log = log;
        this.randomDelay = randomDelay;
    }

    /** A delay drawn uniformly from 0 to max seconds. */
    public static LongUnaryOperator uniformDelay() {
        return max -> max <= 0 ? 0 : ThreadLocalRandom.current().nextLong(max + 1);
    }

    /**
     * Plans the first run of every job at {@code now} from the run history: a job whose last run started before
     * its latest scheduled time (or that never ran) is due now, once; the others wait for their next time. When
     * the history cannot be read, no job is run early.
     */
    public synchronized void start(Instant now) {
        Optional<Map<String, Instant>> history = runner.lastStarts();
        if (history.isEmpty()) {
            log.warn("daemon: run history unreadable, no catch-up run; every job waits for its next scheduled time");
        }
        for (State st : states.values()) {
            ScheduledJob job = st.job;
            st.slot = job.schedule().nextAfter(now);
            st.dueAt = withDelay(st, st.slot);
            String plan = "schedule '" + job.schedule().expression() + "' (UTC)"
                    + (job.heavy() ? ", heavy" : "")
                    + (job.maxRandomDelaySeconds() > 0 ? ", random delay up to " + job.maxRandomDelaySeconds() + " s" : "");
            if (history.isPresent()) {
                Instant last = history.get().get(job.name());
                Instant missed = last == null ? null : job.schedule().nextAfter(last);
                if (last == null || !missed.isAfter(now)) {
                    st.slot = now;
                    st.dueAt = withDelay(st, now);
                    log.info("daemon: " + job.name() + ": " + plan + "; "
                            + (last == null ? "never run" : "missed the run of " + missed + " (last run started " + last + ")")
                            + ", running once at " + st.dueAt);
                    continue;
                }
            }
            log.info("daemon: " + job.name() + ": " + plan + "; next run at " + st.dueAt);
        }
    }

    /** Starts what is due at {@code now} and returns when something is next due (a run ending also wakes the loop). */
    public synchronized Instant tick(Instant now) {
        if (stopping) {
            return NEVER;
        }
        for (State st : states.values()) {
            if (!now.isBefore(st.dueAt)) {
                fire(st, now);
            }
            if (st.retryAt != null && !now.isBefore(st.retryAt) && st.thread == null) {
                st.retryAt = null;
                st.pending = true;
            }
        }
        for (State st : states.values()) {
            if (st.pending && st.thread == null) {
                tryStart(st, now);
            }
        }
        Instant next = NEVER;
        for (State st : states.values()) {
            next = min(next, st.dueAt);
            if (st.retryAt != null) {
                next = min(next, st.retryAt);
            }
        }
        return next;
    }

    private void fire(State st, Instant now) {
        Instant slot = st.slot;
        st.slot = st.job.schedule().nextAfter(now);
        st.dueAt = withDelay(st, st.slot);
        if (st.thread != null) {
            String reason = "previous run (started " + st.startedAt + ") still going";
            log.warn("daemon: " + st.job.name() + ": skipped the run of " + slot + ": " + reason);
            runner.recordSkipped(st.job.name(), now, "skipped by the daemon: " + reason);
            return;
        }
        st.pending = true;
        st.attempt = 1;
        st.retryAt = null;
    }

    private void tryStart(State st, Instant now) {
        String name = st.job.name();
        if (st.job.heavy() && heavyRunning != null) {
            if (!st.waitLogged) {
                log.info("daemon: " + name + ": waiting for heavy job " + heavyRunning + " to finish");
                st.waitLogged = true;
            }
            return;
        }
        JobLock.Attempt taken;
        try {
            taken = lock.tryAcquire(name);
        } catch (RuntimeException e) {
            taken = new JobLock.Attempt(false, String.valueOf(e.getMessage()));
        }
        st.pending = false;
        st.waitLogged = false;
        if (!taken.taken()) {
            log.warn("daemon: " + name + ": not run: " + taken.detail() + "; trying again at its next scheduled time");
            return;
        }
        if (st.job.heavy()) {
            heavyRunning = name;
        }
        int attempt = st.attempt;
        st.startedAt = now;
        st.runs++;
        log.info("daemon: " + name + ": starting" + (attempt > 1 ? " attempt " + attempt + " of "
                + settings.retryAttempts() : ""));
        Thread t = new Thread(() -> runOne(st, attempt), "job-" + name);
        st.thread = t;
        t.start();
    }

    private void runOne(State st, int attempt) {
        String error = null;
        try {
            runner.run(st.job.name(), abort);
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        } finally {
            finished(st, attempt, error);
        }
    }

    private synchronized void finished(State st, int attempt, String error) {
        String name = st.job.name();
        st.thread = null;
        if (name.equals(heavyRunning)) {
            heavyRunning = null;
        }
        if (error != null) {
            if (stopping) {
                log.warn("daemon: " + name + ": attempt " + attempt + " failed during shutdown, not retried: " + error);
            } else if (attempt < settings.retryAttempts()) {
                st.attempt = attempt + 1;
                st.retryAt = clock.instant().plus(Duration.ofMinutes(settings.retryIntervalMinutes()));
                log.warn("daemon: " + name + ": attempt " + attempt + " of " + settings.retryAttempts()
                        + " failed, retrying at " + st.retryAt + ": " + error);
            } else {
                log.error("daemon: " + name + ": failed after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                        + "; next run at " + st.dueAt + ": " + error);
            }
        }
        notifyAll();
        waiter.wake();
    }

    /** Runs {@link #tick} at each due time until {@link #stop()}. */
    public void runLoop(Waiter loopWaiter) {
        this.waiter = loopWaiter;
        try {
            while (!stopping) {
                Instant next = tick(clock.instant());
                loopWaiter.awaitUntil(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** No run starts after this; running ones go on until {@link #finish}. Safe from any thread (a signal hook). */
    public void stop() {
        stopping = true;
        waiter.wake();
    }

    /**
     * After {@link #stop()}: waits up to {@code grace} for running jobs to end, then aborts the rest (interrupts
     * them; each drops its staging tables and is recorded failed with "aborted by {@code signal}") and waits up to
     * {@code abortWait} for them to unwind.
     *
     * @return true when no job is left running
     */
    public boolean finish(Duration grace, Duration abortWait, String signal) {
        List<Thread> running = runningThreads();
        if (running.isEmpty()) {
            log.info("daemon: stopped, no job was running");
            return true;
        }
        log.info("daemon: stopping, waiting up to " + grace.toSeconds() + " s for " + names(running));
        running = joinUntil(running, grace);
        if (running.isEmpty()) {
            log.info("daemon: stopped after the running jobs finished");
            return true;
        }
        abort.abort("aborted by " + signal + " after the " + grace.toSeconds() + " s grace period");
        log.warn("daemon: grace period over, aborting " + names(running));
        running.forEach(Thread::interrupt);
        running = joinUntil(running, abortWait);
        if (running.isEmpty()) {
            log.info("daemon: stopped after aborting the running jobs");
            return true;
        }
        log.error("daemon: " + names(running) + " still running " + abortWait.toSeconds()
                + " s after the abort; exiting anyway (live data changes only at a job's swap)");
        return false;
    }

    /** Waits until no job runs, at most {@code timeout}; true when none does. (Tests use it; so does shutdown.) */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (states.values().stream().anyMatch(s -> s.thread != null)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** How many runs of {@code job} were started so far. */
    public synchronized int runsStarted(String job) {
        return states.get(job).runs;
    }

    /** When the job is next due (its next slot plus its delay), for logs and tests. */
    public synchronized Instant nextDue(String job) {
        State st = states.get(job);
        return st.retryAt != null ? min(st.retryAt, st.dueAt) : st.dueAt;
    }

    private synchronized List<Thread> runningThreads() {
        List<Thread> threads = new ArrayList<>();
        states.values().forEach(s -> {
            if (s.thread != null) {
                threads.add(s.thread);
            }
        });
        return threads;
    }

    private static List<Thread> joinUntil(List<Thread> threads, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return threads.stream().filter(Thread::isAlive).toList();
    }

    private static String names(List<Thread> threads) {
        return String.join(", ", threads.stream().map(t -> t.getName().substring("job-".length())).toList());
    }

    private Instant withDelay(State st, Instant slot) {
        long max = st.job.maxRandomDelaySeconds();
        return max <= 0 ? slot : slot.plusSeconds(Math.min(max, Math.max(0, randomDelay.applyAsLong(max))));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
