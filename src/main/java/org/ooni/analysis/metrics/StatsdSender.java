package org.ooni.analysis.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sends etsy-flavour StatsD lines ({@code name:value|g}, {@code |ms}, {@code |c}) as one UDP datagram each.
 *
 * <p>Written here rather than using Micrometer's StatsD registry: that registry brings Reactor Netty (hundreds of
 * milliseconds of start-up for a job that runs every 30 minutes) and, in a process this short, dropped lines sent
 * before its UDP connection was up. A non-blocking channel never blocks the job, and every failure (unresolvable
 * host, no listener) is counted and otherwise ignored: metrics must never fail a job.
 */
final class StatsdSender implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private int failures;

    StatsdSender(String host, int port) {
        DatagramChannel ch = null;
        InetSocketAddress addr = new InetSocketAddress(host, port);
        try {
            ch = DatagramChannel.open();
            ch.configureBlocking(false);
        } catch (IOException e) {
            failures++;
        }
        this.channel = ch;
        this.target = addr.isUnresolved() ? null : addr;
    }

    void gauge(String name, long value) {
        send(name + ":" + value + "|g");
    }

    void timing(String name, double millis) {
        send(name + ":" + format(millis) + "|ms");
    }

    void count(String name, long delta) {
        send(name + ":" + delta + "|c");
    }

    /** Always six decimals, as the original's Python client writes a timer ({@code '%0.6f|ms'}). */
    static String format(double millis) {
        return String.format(java.util.Locale.ROOT, "%.6f", millis);
    }

    private void send(String line) {
        if (channel == null || target == null) {
            failures++;
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), target);
        } catch (IOException | RuntimeException e) {
            failures++;
        }
    }

    /** Lines that could not be sent (kept for the verbose log; never an error). */
    int failures() {
        return failures;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failures++;
            }
        }
    }
}
