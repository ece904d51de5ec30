package org.ooni.analysis.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ooni.analysis.config.HttpSettings;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.SourceUnavailable;
import org.ooni.analysis.job.Log;

/**
 * Every HTTP download goes through here: connect and read timeouts, bounded retries with exponential backoff on
 * network errors and 5xx (never on 4xx), a User-Agent, a cap on the body size, and an overall {@link Deadline} per
 * download (retries and every byte of the body included) past which the job fails with exit 3. {@code file:} URLs and plain
 * paths are read from disk with the same cap, so offline users and tests point sources at local files.
 */
public final class HttpFetcher {
    /** Consumes a response body; it may be called again from scratch when an attempt fails and is retried. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private final HttpSettings settings;
    private final Log log;
    private final Deadline deadline;
    // Made on the first http(s) fetch: building one sets up TLS, about 0.2 s of a start-up that a file source
    // (tests, offline users, the benchmarks) never needs.
    private HttpClient client;

    public HttpFetcher(HttpSettings settings, Log log, Deadline deadline) {
        this.settings = settings;
        this.log = log;
        this.deadline = deadline;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(settings.connectTimeoutSeconds()))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * Fetches {@code url} and hands the body to {@code reader}. Failures of the reader other than I/O errors
     * (e.g. {@link org.ooni.analysis.error.InvalidInput}) pass through unretried.
     */
    public <T> T fetch(String url, BodyReader<T> reader) {
        URI uri = toUri(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return readLocal(url, Path.of(uri), reader);
        }
        IOException last = null;
        long end = deadline.endNanos();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                long backoff = settings.backoffMillis() << (attempt - 2);
                if (System.nanoTime() + backoff * 1_000_000L >= end) {
                    throw deadline.passed(url);
                }
                sleep(backoff);
            }
            try {
                return fetchOnce(url, uri, reader, end);
            } catch (DeadlinePassed e) {
                throw deadline.passed(url);
            } catch (RetryableStatus e) {
                last = e;
                log.warn("GET " + url + " attempt " + attempt + "/" + settings.attempts() + ": HTTP status " + e.status);
                if (attempt == settings.attempts()) {
                    throw SourceUnavailable.httpStatus(url, e.status);
                }
            } catch (IOException e) {
                if (System.nanoTime() >= end) {
                    throw deadline.passed(url);
                }
                last = e;
                log.warn("GET " + url + " attempt " + attempt + "/" + settings.attempts() + ": " + describe(e));
            }
        }
        throw new SourceUnavailable(url, describe(last) + " (after " + settings.attempts() + " attempts)", last);
    }

    private <T> T fetchOnce(String url, URI uri, BodyReader<T> reader, long end) throws IOException {
        Duration left = Duration.ofNanos(Math.max(1_000_000L, end - System.nanoTime()));
        Duration read = Duration.ofSeconds(settings.readTimeoutSeconds());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(left.compareTo(read) < 0 ? left : read)
                .header("User-Agent", settings.userAgent())
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500) {
                throw new RetryableStatus(status);
            }
            if (status != 200) {
                throw SourceUnavailable.httpStatus(url, status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > settings.maxBodyBytes()) {
                throw tooLarge(url);
            }
            try (StallGuard guarded = new StallGuard(new CappedInputStream(body, settings.maxBodyBytes(), url),
                    read, end)) {
                try {
                    return reader.read(guarded);
                } catch (IOException | RuntimeException e) {
                    // Whatever the reader made of the cut body (an I/O error, a truncated-input error), the deadline
                    // is the reason.
                    if (guarded.deadlinePassed()) {
                        throw new DeadlinePassed();
                    }
                    throw e;
                }
            }
        }
    }

    private <T> T readLocal(String url, Path path, BodyReader<T> reader) {
        try (InputStream in = new CappedInputStream(Files.newInputStream(path), settings.maxBodyBytes(), url)) {
            return reader.read(in);
        } catch (NoSuchFileException e) {
            throw new SourceUnavailable(url, "no such file");
        } catch (IOException e) {
            throw new SourceUnavailable(url, describe(e), e);
        }
    }

    private SourceUnavailable tooLarge(String url) {
        return new SourceUnavailable(url, "response body exceeds the limit of " + settings.maxBodyBytes() + " bytes");
    }

    static URI toUri(String url) {
        if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("file:")) {
            try {
                return URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new SourceUnavailable(url, "malformed URL");
            }
        }
        return Path.of(url).toAbsolutePath().toUri();
    }

    static String describe(IOException e) {
        if (e == null) {
            return "unknown error";
        }
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailable("(interrupted)", "interrupted while waiting to retry");
        }
    }

    /** The overall deadline passed during an attempt: no further attempt. */
    private static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("deadline passed");
        }
    }

    /** A 5xx answer: worth another attempt. */
    private static final class RetryableStatus extends IOException {
        final int status;

        RetryableStatus(int status) {
            super("HTTP status " + status);
            this.status = status;
        }
    }

    /** Fails the read once more than {@code cap} bytes have come, so a hostile or broken source cannot fill memory. */
    static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private final String url;
        private long seen;

        CappedInputStream(InputStream in, long cap, String url) {
            super(in);
            this.cap = cap;
            this.url = url;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            seen += n;
            if (seen > cap) {
                throw new SourceUnavailable(url, "response body exceeds the limit of " + cap + " bytes");
            }
        }
    }

    /**
     * java.net.http has no per-read timeout once the headers are in; this closes the body when no byte arrives for
     * the read timeout, or when the overall deadline passes, which turns a stalled or dripping body into an
     * IOException.
     */
    static final class StallGuard extends FilterInputStream {
        private final ScheduledExecutorService timer;
        private final long timeoutNanos;
        private final long endNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean fired;
        private volatile boolean deadlineFired;
        private final ScheduledFuture<?> check;

        StallGuard(InputStream in, Duration timeout, long endNanos) {
            super(in);
            this.timeoutNanos = timeout.toNanos();
            this.endNanos = endNanos;
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "http-stall-guard");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
            this.check = timer.scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
        }

        boolean deadlinePassed() {
            return deadlineFired;
        }

        private void checkStall() {
            long now = System.nanoTime();
            boolean pastDeadline = now - endNanos >= 0;
            if ((now - lastProgress > timeoutNanos || pastDeadline) && !fired) {
                deadlineFired = pastDeadline;
                fired = true;
                // The JDK 17 body stream swallows interrupts; closing it from here is what wakes the blocked read.
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the read fails either way, which is all we want
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = guarded(() -> super.read());
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return guarded(() -> super.read(buf, off, len));
        }

        private int guarded(IoRead op) throws IOException {
            try {
                int n = op.read();
                lastProgress = System.nanoTime();
                return n;
            } catch (IOException | AnalysisException e) {
                if (deadlineFired) {
                    Thread.interrupted();
                    throw new DeadlinePassed();
                }
                if (fired) {
                    Thread.interrupted();
                    throw new java.net.http.HttpTimeoutException("no data received for " + timeoutNanos / 1_000_000_000L + " s");
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            timer.shutdownNow();
            if (fired) {
                Thread.interrupted();
            }
            super.close();
        }

        @FunctionalInterface
        private interface IoRead {
            int read() throws IOException;
        }
    }
}
