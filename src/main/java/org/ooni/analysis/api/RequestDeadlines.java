package org.ooni.analysis.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.ooni.analysis.job.Log;

/**
 * Bounds the time a client may take to send one request's headers and body, counted from its first byte. Jetty's
 * idle timeout alone does not: a client that sends one byte a second is never idle. Every quarter second this looks
 * at each open HTTP/1 connection's parser; one that has been inside a request (headers or body) for longer than the
 * deadline is closed. A connection waiting between requests falls under the idle timeout instead, and a request
 * being answered is not counted.
 */
final class RequestDeadlines implements Connection.Listener, AutoCloseable {
    private final long deadlineNanos;
    private final Map<HttpConnection, Long> reading = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Boolean> open = new ConcurrentHashMap<>();
    private final AtomicLong expired = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final Log log;

    RequestDeadlines(long deadlineMillis, Log log) {
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(250, deadlineMillis / 4));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, Boolean.TRUE);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.remove(http);
            reading.remove(http);
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (HttpConnection c : open.keySet()) {
            var parser = c.getParser();
            boolean inRequest = !parser.isStart() && (parser.inHeaderState() || parser.inContentState());
            if (!inRequest) {
                reading.remove(c);
                continue;
            }
            long since = reading.computeIfAbsent(c, k -> now);
            if (now - since > deadlineNanos) {
                reading.remove(c);
                open.remove(c);
                expired.incrementAndGet();
                log.warn("api: a request from " + c.getEndPoint().getRemoteSocketAddress() + " was not complete "
                        + deadlineNanos / 1_000_000 + " ms after its first byte; its connection is closed");
                c.getEndPoint().close();
            }
        }
    }

    /** Requests cut off at their deadline since the start. */
    long expired() {
        return expired.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
