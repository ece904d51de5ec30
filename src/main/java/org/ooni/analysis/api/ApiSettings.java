package org.ooni.analysis.api;

/**
 * The {@code [api]} section: where {@code serve} listens, how many requests it works on at once, and the most rows
 * one answer may hold, and how long one request may take from its first byte to its answer's last. Every key has a default; {@code --host} and {@code --port} override the first two.
 */
public record ApiSettings(String host, Integer port, Integer threads, Integer queue, Integer maxResults,
                          Integer requestTimeoutSeconds) {
    /** Not 8080: the original's analysis host runs nginx there, and a drop-in must not take its port. */
    public static final int DEFAULT_PORT = 8478;

    public ApiSettings {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? DEFAULT_PORT : port;
        threads = threads == null ? 8 : threads;
        queue = queue == null ? 256 : queue;
        maxResults = maxResults == null ? 10000 : maxResults;
        requestTimeoutSeconds = requestTimeoutSeconds == null ? 30 : requestTimeoutSeconds;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in 1..256, not " + threads);
        }
        if (queue < 1 || queue > 100000) {
            throw new IllegalArgumentException("queue must be in 1..100000, not " + queue);
        }
        if (maxResults < 1 || maxResults > 1000000) {
            throw new IllegalArgumentException("max_results must be in 1..1000000, not " + maxResults);
        }
        if (requestTimeoutSeconds < 1 || requestTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("request_timeout_seconds must be in 1..3600, not "
                    + requestTimeoutSeconds);
        }
    }

    public static ApiSettings defaults() {
        return new ApiSettings(null, null, null, null, null, null);
    }

    public ApiSettings withAddress(String newHost, Integer newPort) {
        return new ApiSettings(newHost == null ? host : newHost, newPort == null ? port : newPort, threads, queue,
                maxResults, requestTimeoutSeconds);
    }
}
