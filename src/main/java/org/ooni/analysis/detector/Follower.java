package org.ooni.analysis.detector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code detect --follow}: runs one iteration, then sleeps until the next hour has ended plus a settle delay (so
 * late measurements of that hour arrive first), and again, until the iteration limit or an interrupt. The clock
 * and the sleep are injected so a test runs several iterations at once.
 */
public final class Follower {
    /** How the follower waits; {@link #real()} sleeps the thread. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        static Sleeper real() {
            return d -> Thread.sleep(Math.max(0, d.toMillis()));
        }
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration settle;

    public Follower(Clock clock, Sleeper sleeper, Duration settle) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.settle = settle;
    }

    /** When the iteration after one run at {@code now} starts: the end of the current hour plus the settle delay. */
    Instant nextStart(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).plus(settle);
    }

    /** Runs {@code iteration} up to {@code maxIterations} times (0 for no limit); returns the number run. */
    public long run(long maxIterations, Runnable iteration) {
        long done = 0;
        while (maxIterations == 0 || done < maxIterations) {
            iteration.run();
            done++;
            if (maxIterations != 0 && done >= maxIterations) {
                break;
            }
            Instant now = clock.instant();
            try {
                sleeper.sleep(Duration.between(now, nextStart(now)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done;
    }
}
