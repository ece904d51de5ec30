package org.ooni.analysis.fetch;

import java.time.Duration;
import org.ooni.analysis.error.SourceUnavailable;

/**
 * How long one request to a source may take in all (connect, retries, every byte of the body), and the setting that
 * sets it, for the error. Read timeouts alone do not bound a source that sends one byte just often enough.
 */
public record Deadline(Duration limit, String setting) {
    public Deadline {
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive");
        }
    }

    /** {@code seconds} from {@code [section] deadline_seconds}. */
    public static Deadline ofSeconds(long seconds, String section) {
        return new Deadline(Duration.ofSeconds(seconds), "[" + section + "] deadline_seconds");
    }

    /** The moment, on the {@link System#nanoTime} scale, a request started now must be done by. */
    long endNanos() {
        return System.nanoTime() + limit.toNanos();
    }

    /** The job's failure when the source ran past it: exit 3, naming the source (masked) and the deadline. */
    SourceUnavailable passed(String source) {
        return new SourceUnavailable(source, "no complete answer within the deadline of " + describe() + " ("
                + setting + ")");
    }

    private String describe() {
        long ms = limit.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
