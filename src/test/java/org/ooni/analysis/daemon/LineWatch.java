package org.ooni.analysis.daemon;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An output stream for a test's Log that keeps everything and signals when a line holding some text is written. */
final class LineWatch extends OutputStream {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final String wanted;
    private final CountDownLatch seen = new CountDownLatch(1);

    LineWatch(String wanted) {
        this.wanted = wanted;
    }

    @Override
    public synchronized void write(int b) {
        all.write(b);
        if (b == '\n' && text().contains(wanted)) {
            seen.countDown();
        }
    }

    synchronized String text() {
        return all.toString(StandardCharsets.UTF_8);
    }

    boolean await() throws InterruptedException {
        return seen.await(60, TimeUnit.SECONDS);
    }
}
