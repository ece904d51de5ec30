package org.ooni.analysis.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** How the scheduler loop waits for its next due time; woken early when a run ends or a stop is asked for. */
public interface Waiter {
    void awaitUntil(Instant time) throws InterruptedException;

    void wake();

    /** Waits on the given clock, at most a minute at a time so a clock step (NTP, suspend) is noticed soon. */
    static Waiter onClock(Clock clock) {
        return new Waiter() {
            private boolean woken;

            @Override
            public synchronized void awaitUntil(Instant time) throws InterruptedException {
                long ms = Duration.between(clock.instant(), time).toMillis();
                if (!woken && ms > 0) {
                    wait(Math.min(ms, 60_000));
                }
                woken = false;
            }

            @Override
            public synchronized void wake() {
                woken = true;
                notifyAll();
            }
        };
    }
}
