package org.ooni.analysis.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of S3Proxy that breaks the protocol for real: once a client sends a request
 * whose bytes contain a trigger string (e.g. an object key), the proxy lets {@code afterBytes} more bytes through
 * and then resets the connection — mid-body — and, in {@link Mode#GO_DOWN}, resets every connection and refuses
 * new ones until {@link #heal()}: the endpoint has gone away. In {@link Mode#RESET_MATCHING} the endpoint stays up
 * and only connections carrying the trigger are cut, every time. In {@link Mode#STALL} the connection carrying the
 * trigger is neither cut nor forwarded further: the request hangs mid-body until {@link #heal()} or close, so a
 * test can act (kill the client) while an upload is certainly in flight. In {@link Mode#CUT_RESPONSE} the request
 * carrying the trigger goes through and its response is ended {@code afterBytes} into it, every time, with a
 * plain close (FIN): the client sees the body stop short, as when a database server's connection drops.
 */
final class CuttingProxy implements AutoCloseable {
    enum Mode { PASS, GO_DOWN, RESET_MATCHING, STALL, CUT_RESPONSE }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;
    private volatile String trigger = "";
    private volatile long afterBytes;
    private volatile boolean down;
    private volatile int cuts;
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);

    private CuttingProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    static CuttingProxy start(int targetPort) {
        try {
            CuttingProxy p = new CuttingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            Thread t = new Thread(p::acceptLoop, "cutting-proxy");
            t.setDaemon(true);
            t.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Arms the proxy: cut {@code afterBytes} bytes after the client sent {@code trigger}. */
    void arm(Mode newMode, String newTrigger, long newAfterBytes) {
        trigger = newTrigger;
        afterBytes = newAfterBytes;
        mode = newMode;
    }

    /** The endpoint is back: connections pass through untouched. */
    void heal() {
        mode = Mode.PASS;
        down = false;
    }

    boolean isDown() {
        return down;
    }

    /** Waits until a request is held in {@link Mode#STALL}; false on timeout. */
    boolean awaitStall(long seconds) throws InterruptedException {
        return stalled.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** How many connections were cut mid-stream. */
    int cuts() {
        return cuts;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                java.util.concurrent.atomic.AtomicBoolean cutResponse = new java.util.concurrent.atomic.AtomicBoolean();
                pump(client, upstream, true, cutResponse);
                pump(upstream, client, false, cutResponse);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection drop
            }
        }
    }

    /** Copies one direction; {@code cutResponse} tells the response's pump that the request carried the trigger. */
    private void pump(Socket from, Socket to, boolean fromClient, java.util.concurrent.atomic.AtomicBoolean cutResponse) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            String tail = "";
            long sinceTrigger = -1;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                long responseBytes = 0;
                while ((n = in.read(buf)) >= 0) {
                    if (!fromClient && cutResponse.get()) {
                        if (responseBytes + n >= afterBytes) {
                            out.write(buf, 0, (int) (afterBytes - responseBytes));
                            out.flush();
                            synchronized (this) {
                                cuts++;
                            }
                            return; // closes both ends cleanly
                        }
                        responseBytes += n;
                    }
                    if (fromClient && mode != Mode.PASS) {
                        if (sinceTrigger < 0) {
                            String window = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                            int at = window.indexOf(trigger);
                            if (at >= 0) {
                                sinceTrigger = window.length() - at;
                            }
                            tail = window.substring(Math.max(0, window.length() - trigger.length()));
                        } else {
                            sinceTrigger += n;
                        }
                        if (sinceTrigger >= 0 && mode == Mode.CUT_RESPONSE) {
                            cutResponse.set(true);
                        } else if (sinceTrigger >= afterBytes) {
                            int keep = (int) Math.max(0, n - (sinceTrigger - afterBytes));
                            out.write(buf, 0, keep);
                            out.flush();
                            if (mode == Mode.STALL) {
                                hold();
                                return;
                            }
                            cut(from, to);
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away; closing both ends tells the other
            } finally {
                close(from);
                close(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void hold() {
        stalled.countDown();
        try {
            while (mode == Mode.STALL && !server.isClosed()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void cut(Socket from, Socket to) {
        cuts++;
        reset(from);
        reset(to);
        if (mode == Mode.GO_DOWN) {
            down = true;
            open.forEach(CuttingProxy::reset);
            open.clear();
        }
    }

    // SO_LINGER 0 makes close() send a TCP RST: the peer sees "connection reset", not a clean end of stream
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        close(s);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        close2(server);
        open.forEach(CuttingProxy::close);
    }

    private static void close2(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
