package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.daemon.FakeRunner.Behaviour;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.runs.CronSchedule;

/**
 * The scheduler's rules, driven by {@link Scheduler#tick} at times the test picks (a {@link MutableClock}, no
 * sleeping for schedules): catch-up once, no overlap, heavy jobs one at a time, retries, random delay, locks and
 * shutdown.
 */
class SchedulerTest {
    private static final Instant NOW = Instant.parse("2024-03-06T10:07:00Z"); // a Wednesday
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock(NOW);
    private final Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8), false, false, clock);

    private static ScheduledJob job(String name, String cron) {
        return new ScheduledJob(name, CronSchedule.parse(cron), false, 0);
    }

    private static ScheduledJob heavy(String name, String cron) {
        return new ScheduledJob(name, CronSchedule.parse(cron), true, 0);
    }

    private Scheduler scheduler(FakeRunner runner, JobLock lock, ScheduledJob... jobs) {
        return new Scheduler(List.of(jobs), DaemonSettings.defaults(), runner, lock, clock, log, max -> 0);
    }

    private Scheduler scheduler(FakeRunner runner, ScheduledJob... jobs) {
        return scheduler(runner, new FileJobLock(tmp.resolve("locks"), "duckdb:/test", clock), jobs);
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private Instant tickAt(Scheduler s, Instant time) {
        clock.set(time);
        return s.tick(time);
    }

    @Test
    void aJobNeverRunRunsOnceAtStartThenOnItsSchedule() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of());
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        Instant next = tickAt(s, NOW);
        assertEquals(1, s.runsStarted("citizenlab"));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(Instant.parse("2024-03-06T10:30:00Z"), next);
        tickAt(s, NOW.plusSeconds(60));
        assertEquals(1, s.runsStarted("citizenlab"), "not run again before its next time");
        tickAt(s, Instant.parse("2024-03-06T10:30:00Z"));
        assertEquals(2, s.runsStarted("citizenlab"));
        assertTrue(s.awaitIdle(WAIT));
        assertTrue(logText().contains("daemon: citizenlab: schedule '*/30 * * * *' (UTC); never run, running once at "
                + NOW), logText());
    }

    @Test
    void runsMissedDuringDowntimeAreDoneOnceNotOncePerSlot() throws Exception {
        // Down for three days: 144 half-hour slots of citizenlab and 72 hourly ones of fingerprints were missed.
        Instant lastStart = NOW.minus(Duration.ofDays(3));
        FakeRunner runner = new FakeRunner(Optional.of(Map.of("citizenlab", lastStart, "fingerprints", lastStart)),
                Set.of());
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"), job("fingerprints", "0 * * * *"));
        s.start(NOW);
        tickAt(s, NOW);
        assertTrue(s.awaitIdle(WAIT));
        for (int minute = 1; minute < 23; minute++) {
            tickAt(s, NOW.plusSeconds(60L * minute));
        }
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(1, s.runsStarted("citizenlab"));
        assertEquals(1, s.runsStarted("fingerprints"));
        assertEquals(Instant.parse("2024-03-06T10:30:00Z"), s.nextDue("citizenlab"));
        assertEquals(Instant.parse("2024-03-06T11:00:00Z"), s.nextDue("fingerprints"));
        assertTrue(logText().contains("daemon: citizenlab: schedule '*/30 * * * *' (UTC); missed the run of "
                + "2024-03-03T10:30:00Z (last run started 2024-03-03T10:07:00Z), running once at " + NOW), logText());
    }

    @Test
    void aJobThatRanSinceItsLastSlotWaitsForTheNext() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of("citizenlab", Instant.parse("2024-03-06T10:00:04Z"))),
                Set.of());
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        assertEquals(Instant.parse("2024-03-06T10:30:00Z"), tickAt(s, NOW));
        assertEquals(0, s.runsStarted("citizenlab"));
        tickAt(s, Instant.parse("2024-03-06T10:29:59Z"));
        assertEquals(0, s.runsStarted("citizenlab"));
        tickAt(s, Instant.parse("2024-03-06T10:30:00Z"));
        assertEquals(1, s.runsStarted("citizenlab"));
        assertTrue(s.awaitIdle(WAIT));
    }

    @Test
    void anUnreadableHistoryRunsNothingEarly() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.empty(), Set.of());
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        tickAt(s, NOW);
        assertEquals(0, s.runsStarted("citizenlab"));
        assertTrue(logText().contains("WARN daemon: run history unreadable, no catch-up run"), logText());
    }

    @Test
    void aRunStillGoingSkipsTheNextSlotAndRecordsIt() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of()).plan("citizenlab", Behaviour.BLOCK);
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        tickAt(s, NOW);
        runner.awaitStarted("citizenlab", 1);
        tickAt(s, Instant.parse("2024-03-06T10:30:00Z"));
        tickAt(s, Instant.parse("2024-03-06T10:31:00Z"));
        assertEquals(1, s.runsStarted("citizenlab"));
        assertEquals(List.of("citizenlab at 2024-03-06T10:30:00Z: skipped by the daemon: previous run (started "
                + NOW + ") still going"), runner.skipped());
        assertTrue(logText().contains("WARN daemon: citizenlab: skipped the run of 2024-03-06T10:30:00Z: previous run"),
                logText());
        runner.releaseBlocked();
        assertTrue(s.awaitIdle(WAIT));
        tickAt(s, Instant.parse("2024-03-06T11:00:00Z"));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(2, s.runsStarted("citizenlab"));
        assertEquals(1, runner.maxSameJobAtOnce());
    }

    @Test
    void heavyJobsRunOneAtATimeWhileLightOnesGoAlongside() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of("asnmeta", "backup"))
                .plan("asnmeta", Behaviour.BLOCK).plan("citizenlab", Behaviour.BLOCK);
        Scheduler s = scheduler(runner, heavy("asnmeta", "0 0 * * 0"), heavy("backup", "0 0 * * 0"),
                job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        tickAt(s, NOW);
        runner.awaitStarted("asnmeta", 1);
        runner.awaitStarted("citizenlab", 1);
        tickAt(s, NOW.plusSeconds(5));
        assertEquals(0, s.runsStarted("backup"), "backup waits while asnmeta runs");
        assertTrue(logText().contains("daemon: backup: waiting for heavy job asnmeta to finish"), logText());
        runner.releaseBlocked();
        assertTrue(s.awaitIdle(WAIT));
        tickAt(s, NOW.plusSeconds(10));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(1, s.runsStarted("backup"), "backup runs once asnmeta is done");
        assertEquals(1, runner.maxHeavyAtOnce());
    }

    @Test
    void aFailedRunIsRetriedTenMinutesApartThenGivenUpAfterThreeAttempts() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of())
                .plan("asnmeta", Behaviour.FAIL, Behaviour.FAIL, Behaviour.FAIL, Behaviour.FAIL);
        Scheduler s = scheduler(runner, job("asnmeta", "0 0 * * 0"));
        s.start(NOW);
        Instant t = NOW;
        for (int attempt = 1; attempt <= 3; attempt++) {
            tickAt(s, t);
            assertTrue(s.awaitIdle(WAIT));
            assertEquals(attempt, s.runsStarted("asnmeta"));
            tickAt(s, t.plus(Duration.ofMinutes(9)));
            assertEquals(attempt, s.runsStarted("asnmeta"), "no retry before ten minutes");
            t = t.plus(Duration.ofMinutes(10));
            if (attempt < 3) {
                assertEquals(t, s.nextDue("asnmeta"));
            }
        }
        tickAt(s, t.plus(Duration.ofHours(1)));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(3, s.runsStarted("asnmeta"));
        assertEquals(Instant.parse("2024-03-10T00:00:00Z"), s.nextDue("asnmeta"), "back to the weekly schedule");
        assertTrue(logText().contains("WARN daemon: asnmeta: attempt 1 of 3 failed, retrying at 2024-03-06T10:17:00Z:"
                + " asnmeta failed on purpose"), logText());
        assertTrue(logText().contains("ERROR daemon: asnmeta: failed after 3 attempts; next run at "
                + "2024-03-10T00:00:00Z: asnmeta failed on purpose"), logText());
    }

    @Test
    void aRetryThatSucceedsEndsTheSeries() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of()).plan("asnmeta", Behaviour.FAIL);
        Scheduler s = scheduler(runner, job("asnmeta", "0 0 * * 0"));
        s.start(NOW);
        tickAt(s, NOW);
        assertTrue(s.awaitIdle(WAIT));
        tickAt(s, NOW.plus(Duration.ofMinutes(10)));
        assertTrue(s.awaitIdle(WAIT));
        tickAt(s, NOW.plus(Duration.ofMinutes(20)));
        tickAt(s, NOW.plus(Duration.ofMinutes(30)));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(2, s.runsStarted("asnmeta"));
        assertTrue(logText().contains("daemon: asnmeta: starting attempt 2 of 3"), logText());
    }

    @Test
    void theRandomDelayPostponesAScheduledRun() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of("citizenlab", NOW)), Set.of());
        LongUnaryOperator fullDelay = max -> max;
        Scheduler s = new Scheduler(List.of(new ScheduledJob("citizenlab", CronSchedule.parse("*/30 * * * *"), false,
                120)), DaemonSettings.defaults(), runner, new FileJobLock(tmp, "duckdb:/x", clock), clock, log, fullDelay);
        s.start(NOW);
        assertEquals(Instant.parse("2024-03-06T10:32:00Z"), s.nextDue("citizenlab"));
        tickAt(s, Instant.parse("2024-03-06T10:31:59Z"));
        assertEquals(0, s.runsStarted("citizenlab"));
        tickAt(s, Instant.parse("2024-03-06T10:32:00Z"));
        assertEquals(1, s.runsStarted("citizenlab"));
        assertTrue(s.awaitIdle(WAIT));
        assertEquals(Instant.parse("2024-03-06T11:02:00Z"), s.nextDue("citizenlab"));
    }

    @Test
    void aSecondSchedulerOnTheSameStoreDoesNotRunTheLockedJob() throws Exception {
        FakeRunner first = new FakeRunner(Optional.of(Map.of()), Set.of()).plan("citizenlab", Behaviour.BLOCK);
        FakeRunner second = new FakeRunner(Optional.of(Map.of()), Set.of());
        try (FileJobLock lockA = new FileJobLock(tmp, "duckdb:/srv/analysis.duckdb", clock);
             FileJobLock lockB = new FileJobLock(tmp, "duckdb:/srv/analysis.duckdb", clock)) {
            Scheduler a = scheduler(first, lockA, job("citizenlab", "*/30 * * * *"));
            Scheduler b = scheduler(second, lockB, job("citizenlab", "*/30 * * * *"),
                    job("fingerprints", "0 * * * *"));
            a.start(NOW);
            b.start(NOW);
            tickAt(a, NOW);
            first.awaitStarted("citizenlab", 1);
            tickAt(b, NOW);
            assertTrue(b.awaitIdle(WAIT));
            assertEquals(0, b.runsStarted("citizenlab"));
            assertEquals(1, b.runsStarted("fingerprints"), "the other job's lock is free");
            assertTrue(logText().contains("WARN daemon: citizenlab: not run: lock " + lockB.fileOf("citizenlab")
                    + " is held by another daemon (pid " + ProcessHandle.current().pid() + " on "), logText());
            first.releaseBlocked();
            assertTrue(a.awaitIdle(WAIT));
            // the lock stays with the first daemon for its lifetime, so the second one keeps out
            tickAt(b, Instant.parse("2024-03-06T10:30:00Z"));
            assertTrue(b.awaitIdle(WAIT));
            assertEquals(0, b.runsStarted("citizenlab"));
        }
    }

    @Test
    void aLockOnAnotherStoreDoesNotGetInTheWay() throws Exception {
        try (FileJobLock one = new FileJobLock(tmp, "duckdb:/a.duckdb", clock);
             FileJobLock other = new FileJobLock(tmp, "duckdb:/b.duckdb", clock)) {
            assertTrue(one.tryAcquire("citizenlab").taken());
            assertTrue(other.tryAcquire("citizenlab").taken());
            assertTrue(one.tryAcquire("citizenlab").taken(), "already ours");
        }
    }

    @Test
    void stopLetsARunningJobFinishWithinTheGracePeriod() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of()).plan("citizenlab", Behaviour.BLOCK);
        LineWatch out = new LineWatch("daemon: stopping, waiting up to 30 s for citizenlab");
        Scheduler s = new Scheduler(List.of(job("citizenlab", "*/30 * * * *")), DaemonSettings.defaults(), runner,
                new FileJobLock(tmp, "duckdb:/x", clock), clock,
                new Log(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, clock), max -> 0);
        s.start(NOW);
        tickAt(s, NOW);
        runner.awaitStarted("citizenlab", 1);
        s.stop();
        assertEquals(Instant.MAX, tickAt(s, Instant.parse("2024-03-06T10:30:00Z")), "nothing starts after stop");
        Thread releaser = new Thread(() -> {
            try {
                if (out.await()) { // the run ends while finish() waits for it
                    runner.releaseBlocked();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaser.start();
        assertTrue(s.finish(Duration.ofSeconds(30), Duration.ofSeconds(30), "SIGTERM"));
        assertFalse(runner.wasInterrupted("citizenlab"));
        assertEquals(1, s.runsStarted("citizenlab"));
        assertTrue(out.text().contains("daemon: stopped after the running jobs finished"), out.text());
    }

    @Test
    void stopAbortsARunStillGoingAfterTheGracePeriod() throws Exception {
        FakeRunner runner = new FakeRunner(Optional.of(Map.of()), Set.of())
                .plan("citizenlab", Behaviour.BLOCK, Behaviour.FAIL);
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        s.start(NOW);
        tickAt(s, NOW);
        runner.awaitStarted("citizenlab", 1);
        s.stop();
        assertTrue(s.finish(Duration.ZERO, Duration.ofSeconds(30), "SIGTERM"));
        assertTrue(runner.wasInterrupted("citizenlab"));
        assertEquals("aborted by SIGTERM after the 0 s grace period", runner.abortReason("citizenlab"));
        assertTrue(logText().contains("WARN daemon: grace period over, aborting citizenlab"), logText());
        assertTrue(logText().contains("WARN daemon: citizenlab: attempt 1 failed during shutdown, not retried"),
                logText());
        assertEquals(1, s.runsStarted("citizenlab"), "no retry after an abort");
    }

    @Test
    void theLoopRunsOnAClockTheTestMoves() throws Exception {
        // The daemon's own loop with a waiter that jumps the clock to each due time instead of sleeping.
        FakeRunner runner = new FakeRunner(Optional.of(Map.of("citizenlab", NOW)), Set.of());
        Scheduler s = scheduler(runner, job("citizenlab", "*/30 * * * *"));
        Instant end = Instant.parse("2024-03-07T10:07:00Z");
        Waiter virtual = new Waiter() {
            @Override
            public void awaitUntil(Instant time) throws InterruptedException {
                assertTrue(s.awaitIdle(WAIT));
                if (time.isAfter(end)) {
                    s.stop();
                } else {
                    clock.set(time);
                }
            }

            @Override
            public void wake() {
            }
        };
        s.start(NOW);
        s.runLoop(virtual);
        assertTrue(s.finish(Duration.ZERO, Duration.ZERO, "SIGTERM"));
        assertEquals(48, s.runsStarted("citizenlab"), "every half hour for a day");
        assertNull(runner.abortReason("citizenlab"));
    }
}
