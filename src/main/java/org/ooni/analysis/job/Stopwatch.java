package org.ooni.analysis.job;

/** Milliseconds since a start, for the "in N ms" of log lines (monotonic clock). */
public final class Stopwatch {
    private final long startNanos;

    private Stopwatch(long startNanos) {
        this.startNanos = startNanos;
    }

    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    public long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
