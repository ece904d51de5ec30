package org.ooni.analysis.asnmeta;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the parser on its own thread and hands its rows over in a few bounded batches, so that parsing (and
 * reading and hashing the body) overlaps with inserting into the store while memory stays bounded. A failure on
 * the parser thread is rethrown, unchanged, by {@link #hasNext} on the consuming thread.
 */
final class PipelinedRows implements Iterator<Object[]>, AutoCloseable {
    static final int BATCH_ROWS = 1024;
    private static final int BATCHES_IN_FLIGHT = 2;

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Thread producer;
    private volatile boolean cancelled;
    private Batch current;
    private int position;
    private boolean finished;

    /**
     * A run of rows; the last batch is shorter than {@link #BATCH_ROWS} or carries the failure that ended it, which
     * the consumer sees after the rows read before it.
     */
    private record Batch(Object[][] rows, int size, Throwable failure, boolean last) {
    }

    PipelinedRows(Iterator<AsOrgEntry> entries) {
        producer = new Thread(() -> produce(entries), "asnmeta-parser");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(Iterator<AsOrgEntry> entries) {
        while (true) {
            Object[][] rows = new Object[BATCH_ROWS][];
            int n = 0;
            try {
                while (n < BATCH_ROWS && entries.hasNext()) {
                    rows[n++] = entries.next().toRow();
                }
            } catch (RuntimeException | Error e) {
                hand(new Batch(rows, n, e, true));
                return;
            }
            boolean last = n < BATCH_ROWS;
            if (!hand(new Batch(rows, n, null, last)) || last) {
                return;
            }
        }
    }

    /** Waits for room in the queue; gives up (false) once the consumer has gone. */
    private boolean hand(Batch batch) {
        try {
            while (!cancelled) {
                if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public boolean hasNext() {
        while (current == null || position == current.size()) {
            if (current != null && current.failure() != null) {
                rethrow(current.failure());
            }
            if (finished) {
                return false;
            }
            current = take();
            position = 0;
            finished = current.last();
        }
        return true;
    }

    @Override
    public Object[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.rows()[position++];
    }

    private Batch take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parsed rows", e);
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) t;
    }

    /**
     * Stops the parser thread. After a complete read it has already ended; after a failure on this side it stops
     * at its next hand-over, or fails on its next read once the caller closes the body.
     */
    @Override
    public void close() {
        cancelled = true;
        queue.clear();
        if (finished) {
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
