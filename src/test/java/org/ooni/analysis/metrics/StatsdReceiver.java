package org.ooni.analysis.metrics;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ooni.analysis.config.StatsdSettings;

/** A real UDP socket on loopback that collects the StatsD lines a job sends, for tests in any package. */
public final class StatsdReceiver implements AutoCloseable {
    /** A timer line as the original's Python client writes it: {@code name:%0.6f|ms}. */
    public static final String TIMER_VALUE = "[0-9]+\\.[0-9]{6}\\|ms";
    private final DatagramSocket socket;

    public StatsdReceiver() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Settings that send to this receiver. */
    public StatsdSettings settings() {
        return new StatsdSettings(true, "127.0.0.1", port());
    }

    /** Every line received until none has come for a second (the first may take up to three). */
    public List<String> lines() throws Exception {
        List<String> lines = new ArrayList<>();
        byte[] buf = new byte[65_536];
        socket.setSoTimeout(3_000);
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return lines;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            socket.setSoTimeout(1_000);
        }
    }

    /** The values of gauge {@code name}, in the order sent. */
    public static List<String> gaugeValues(List<String> lines, String name) {
        Pattern p = Pattern.compile(Pattern.quote(name) + ":(-?[0-9]+)\\|g");
        return lines.stream().map(p::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1)).toList();
    }

    /** The lines of timer {@code name}, each checked to be written as the original writes it. */
    public static long timerCount(List<String> lines, String name) {
        List<String> timers = lines.stream().filter(l -> l.startsWith(name + ":") && l.endsWith("|ms")).toList();
        for (String t : timers) {
            if (!t.substring(name.length() + 1).matches(TIMER_VALUE)) {
                throw new AssertionError("timer not written as %0.6f|ms: " + t);
            }
        }
        return timers.size();
    }

    @Override
    public void close() {
        socket.close();
    }
}
