package org.ooni.analysis.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;

/**
 * The read API's HTTP server: Jetty (11, see pom.xml for why not 12) under the {@link Endpoint} seam.
 * Jetty parses request heads and bodies without holding a worker thread, so clients that send slowly cost a
 * connection, not a worker; workers only run complete requests. The bounds: at most {@code threads + queue}
 * connections (more wait in the kernel's backlog), a request's headers and body must arrive within
 * {@code request_timeout_seconds} of its first byte ({@link RequestDeadlines}) and a silent connection is closed
 * after as long, headers are at most 8 KiB (431), a body at most {@link #MAX_BODY_BYTES} (a larger declared
 * {@code Content-Length} is a 413 before any of it is read). Every answer is JSON except the feeds, {@code /metrics}
 * and the detector's pages ({@code /}, {@code /detector/...}, which answer errors as pages too, with a
 * Content-Security-Policy), Jetty's own errors included; unknown paths are 404, a wrong method 405, bad input 400,
 * an unreachable store 503, each with {@code {"error": "..."}}. Chosen over the JDK's server plus a hand-written
 * watchdog, which read heads on its workers so 30 slow clients stalled it (docs/api.md has the figures).
 */
public final class ApiServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 64 * 1024;
    // A declared body up to this size is read and dropped before its 413 (see body()).
    private static final long DRAIN_LIMIT_BYTES = 1L << 20;

    /** Method and path of a fixed route. */
    private record Route(String method, String path) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final RequestDeadlines deadlines;
    private final Map<Route, Endpoint> routes;
    private final Endpoint feeds;
    private final PrometheusMeterRegistry registry;
    private final Log log;
    private final AutoCloseable resources;

    private ApiServer(Server server, ServerConnector connector, RequestDeadlines deadlines, Map<Route, Endpoint> routes,
                      Endpoint feeds, PrometheusMeterRegistry registry, Log log, AutoCloseable resources) {
        this.server = server;
        this.connector = connector;
        this.deadlines = deadlines;
        this.routes = routes;
        this.feeds = feeds;
        this.registry = registry;
        this.log = log;
        this.resources = resources;
    }

    /** Binds and starts serving; {@link #close} stops. */
    public static ApiServer start(ApiContext ctx) throws IOException {
        ApiSettings s = ctx.settings();
        StoreReader store = new StoreReader(ctx.warehouse(), ctx.storeKind());
        GeoIpDatabases geoip = new GeoIpDatabases(ctx.geoipDir());
        Map<Route, Endpoint> routes = new LinkedHashMap<>();
        routes.put(new Route("GET", "/api/_/asnmeta"), new AsnMetaEndpoint(store));
        routes.put(new Route("GET", "/api/v1/test-list/urls"), new TestListEndpoint(store, s.maxResults(), ctx.clock()));
        routes.put(new Route("GET", "/api/_/domain_metadata"), new DomainMetadataEndpoint(store));
        routes.put(new Route("POST", "/api/v1/geolookup"), new GeoLookupEndpoint(geoip));
        routes.put(new Route("GET", "/api/v1/detector/changepoints"),
                new ChangepointsEndpoint(store, ctx.clock(), s.maxResults()));
        EventsQuery events = new EventsQuery(store, s.maxResults(), ctx.groupWindowHours());
        EvidenceQuery evidence = new EvidenceQuery(store, ctx.cusum());
        routes.put(new Route("GET", "/api/v1/detector/events"), new EventsEndpoint(events, ctx.clock()));
        routes.put(new Route("GET", "/api/v1/detector/evidence"), new EvidenceEndpoint(evidence, ctx.clock()));
        Endpoint eventsPage = new PageEndpoint("/detector/", new EventsPage(events, ctx.clock()), ctx.log());
        routes.put(new Route("GET", "/"), eventsPage);
        routes.put(new Route("GET", "/detector"), eventsPage);
        routes.put(new Route("GET", "/detector/"), eventsPage);
        routes.put(new Route("GET", "/detector/evidence"),
                new PageEndpoint("/detector/evidence", new EvidencePage(evidence, ctx.clock()), ctx.log()));
        Response stylesheet = HtmlPage.stylesheet();
        routes.put(new Route("GET", HtmlPage.STYLESHEET_PATH), r -> stylesheet);
        routes.put(new Route("GET", "/health"), new HealthEndpoint(store, ctx.jobs(), ctx.schedules(), ctx.clock()));
        PrometheusMeterRegistry registry = ctx.registry();
        routes.put(new Route("GET", "/metrics"), r -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));

        long timeoutMillis = TimeUnit.SECONDS.toMillis(s.requestTimeoutSeconds());
        // Workers plus the acceptor and the selector, which Jetty takes from the same pool.
        QueuedThreadPool threads = new QueuedThreadPool(s.threads() + 2, Math.min(s.threads() + 2, 4));
        threads.setName("api");
        threads.setReservedThreads(0);
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(8192);
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setUriCompliance(UriCompliance.LEGACY); // raw paths reach the routes, which answer 404 for odd ones
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(s.host());
        connector.setPort(s.port());
        connector.setIdleTimeout(timeoutMillis);
        connector.setAcceptQueueSize(s.queue());
        RequestDeadlines deadlines = new RequestDeadlines(timeoutMillis, ctx.log());
        connector.addBean(deadlines);
        server.addConnector(connector);
        ConnectionLimit limit = new ConnectionLimit(s.threads() + s.queue(), connector);
        limit.setIdleTimeout(Math.min(timeoutMillis, 1000)); // at the limit, idle keep-alive connections go first
        server.addBean(limit);
        FunctionCounter.builder("ooni_api_requests_expired", deadlines, RequestDeadlines::expired)
                .description("requests cut off at [api] request_timeout_seconds").register(registry);
        ApiServer api = new ApiServer(server, connector, deadlines, routes, new FeedsEndpoint(ctx.feedsDir()),
                registry, ctx.log(), geoip);
        server.setHandler(api.new Front());
        server.setErrorHandler(new JsonErrors());
        try {
            server.start();
        } catch (Exception e) {
            api.close();
            throw new IOException("cannot serve on " + s.host() + ":" + s.port() + ": " + e.getMessage(), e);
        }
        return api;
    }

    /** Requests cut off at their deadline since the start. */
    public long expiredRequests() {
        return deadlines.expired();
    }

    /** The bound port (the real one when the settings asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** An answer and the extra headers it carries. */
    private record Answer(Response response, Map<String, String> headers) {
    }

    private Answer exchange(String rawMethod, String path, String rawQuery, long declaredLength, InputStream bodyIn,
                            java.util.function.UnaryOperator<String> requestHeader) {
        long start = System.nanoTime();
        String label = "unknown";
        Map<String, String> headers = new LinkedHashMap<>();
        Response response;
        String method = HttpPolicy.routedMethod(rawMethod);
        try {
            Endpoint endpoint = null;
            java.util.List<String> methods = path.startsWith(FeedsEndpoint.PREFIX) ? java.util.List.of("GET")
                    : routes.keySet().stream().filter(r -> r.path().equals(path)).map(Route::method).toList();
            if (path.startsWith(FeedsEndpoint.PREFIX)) {
                label = "/feeds";
                endpoint = method.equals("GET") ? feeds : null;
            } else {
                endpoint = routes.get(new Route(method, path));
                if (methods.isEmpty()) {
                    throw new ApiError(404, "no such endpoint: " + Validate.shown(path));
                }
                label = path;
            }
            if (endpoint == null && method.equals("OPTIONS")) {
                endpoint = r -> HttpPolicy.options(methods, requestHeader.apply("Access-Control-Request-Method"),
                        requestHeader.apply("Access-Control-Request-Headers"));
            }
            if (endpoint == null) {
                headers.put("Allow", HttpPolicy.allow(methods));
                throw new ApiError(405, "method " + Validate.shown(rawMethod) + " not allowed; use "
                        + String.join(", ", methods));
            }
            Request request = new Request(rawMethod, path, Request.parseQuery(rawQuery),
                    rawMethod.equals("POST") ? body(declaredLength, bodyIn) : new byte[0]);
            response = endpoint.handle(request);
        } catch (ApiError e) {
            response = Response.error(e.status(), e.getMessage());
        } catch (StoreError e) {
            log.error("api: " + label + ": " + e.getMessage());
            response = Response.error(503, "store unavailable");
        } catch (RuntimeException e) {
            log.error("api: " + label + ": " + e);
            response = Response.error(500, "internal error");
        }
        Counter.builder("ooni_api_requests").tag("endpoint", label).tag("status", String.valueOf(response.status()))
                .register(registry).increment();
        Timer.builder("ooni_api_request_duration").tag("endpoint", label).register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new Answer(response, headers);
    }

    /**
     * The body, refused when its declared length is over the limit, and at the limit when undeclared. A body declared
     * a little over the limit is read and dropped first: a client that is still sending when the server closes gets a
     * reset and never sees the 413. A body declared far over it (past {@link #DRAIN_LIMIT_BYTES}) is refused at once;
     * a slow sender of a drained body is cut by the request deadline like any other.
     */
    private static byte[] body(long declaredLength, InputStream in) {
        if (declaredLength > MAX_BODY_BYTES) {
            if (declaredLength <= DRAIN_LIMIT_BYTES) {
                try {
                    drain(in, declaredLength);
                } catch (IOException e) {
                    throw new ApiError(400, "the request body could not be read");
                }
            }
            throw new ApiError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "the request body could not be read");
        }
    }

    /** Reads and drops up to {@code length} bytes. */
    private static void drain(InputStream in, long length) throws IOException {
        byte[] sink = new byte[8192];
        long left = length;
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    /** Jetty's side of the seam: request in, {@link #exchange} answer out. */
    private final class Front extends AbstractHandler {
        @Override
        public void handle(String target, org.eclipse.jetty.server.Request base, HttpServletRequest request,
                           HttpServletResponse response) throws IOException {
            base.setHandled(true);
            Answer answer = exchange(request.getMethod(), request.getRequestURI(), request.getQueryString(),
                    request.getContentLengthLong(), request.getInputStream(), request::getHeader);
            Response r = HttpPolicy.finish(answer.response());
            response.setStatus(r.status());
            answer.headers().forEach(response::setHeader);
            // into the raw fields: the servlet's setContentType would respell "text/html; charset=utf-8"
            base.getResponse().getHttpFields().put("Content-Type", r.contentType());
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (r.contentType().startsWith("text/html")) {
                response.setHeader("Content-Security-Policy", HtmlPage.CSP);
                response.setHeader("Referrer-Policy", "no-referrer");
            }
            r.headers().forEach(response::setHeader);
            response.setContentLength(r.body().length);
            if (!HttpPolicy.sendsBody(request.getMethod())) {
                return; // HEAD: the length of the body a GET would get, and no body
            }
            try (OutputStream out = response.getOutputStream()) {
                out.write(r.body());
            }
        }
    }

    /** Jetty's own refusals (a bad request line, headers too large, …) as the API's JSON error. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put("Content-Type", "application/json");
            return ByteBuffer.wrap(Response.error(status, reason == null || reason.isEmpty()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : reason).body());
        }

        @Override
        protected void generateAcceptableResponse(org.eclipse.jetty.server.Request base, HttpServletRequest request,
                                                  HttpServletResponse response, int code, String message)
                throws IOException {
            Response r = Response.error(code, message == null || message.isEmpty()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message);
            base.setHandled(true);
            response.setHeader("Content-Type", r.contentType());
            response.getOutputStream().write(r.body());
        }
    }

    /** Stops accepting, gives running requests up to a second, then releases the threads and the MMDB readers. */
    @Override
    public void close() {
        try {
            server.setStopTimeout(1000);
            server.stop();
        } catch (Exception e) {
            log.warn("api: stopping: " + e);
        }
        deadlines.close();
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("api: closing: " + e);
        }
    }
}
