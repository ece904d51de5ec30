package org.ooni.analysis.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;

/**
 * The read API's HTTP server: the JDK's {@code com.sun.net.httpserver.HttpServer} on a bounded {@link WorkerPool}.
 * Chosen over Javalin because it adds no dependency (Javalin brings Jetty and Kotlin, several MB), starts in a few
 * milliseconds, and the API is a handful of GET routes with hand-written validation, which needs no framework.
 * A full queue makes the accepting thread run the request itself, which slows accepting: back-pressure instead
 * of unbounded memory; every request has a deadline, so slow or stalled clients cannot hold the workers. Every answer is JSON except the feeds, {@code /metrics} and the detector's pages
 * ({@code /}, {@code /detector/...}, which answer errors as pages too, with a Content-Security-Policy); unknown
 * paths are 404, a wrong method 405, bad input 400, an unreachable store 503, each with {@code {"error": "..."}}.
 */
public final class ApiServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** Method and path of a fixed route. */
    private record Route(String method, String path) {
    }

    private final HttpServer server;
    private final WorkerPool pool;
    private final Map<Route, Endpoint> routes;
    private final Endpoint feeds;
    private final PrometheusMeterRegistry registry;
    private final Log log;
    private final AutoCloseable resources;

    private ApiServer(HttpServer server, WorkerPool pool, Map<Route, Endpoint> routes, Endpoint feeds,
                      PrometheusMeterRegistry registry, Log log, AutoCloseable resources) {
        this.server = server;
        this.pool = pool;
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

        WorkerPool pool = new WorkerPool(s.threads(), s.queue(), Duration.ofSeconds(s.requestTimeoutSeconds()),
                ctx.log());
        FunctionCounter.builder("ooni_api_requests_expired", pool, WorkerPool::expired)
                .description("requests cut off at [api] request_timeout_seconds").register(registry);
        HttpServer server = HttpServer.create(new InetSocketAddress(s.host(), s.port()), s.queue());
        ApiServer api = new ApiServer(server, pool, routes, new FeedsEndpoint(ctx.feedsDir()), registry, ctx.log(),
                geoip);
        server.createContext("/", api::exchange);
        server.setExecutor(pool);
        server.start();
        return api;
    }

    /** The bound port (the real one when the settings asked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void exchange(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String path = ex.getRequestURI().getRawPath();
        String label = "unknown";
        Response response;
        String method = HttpPolicy.routedMethod(ex.getRequestMethod());
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
                endpoint = r -> HttpPolicy.options(methods, ex.getRequestHeaders().getFirst(
                        "Access-Control-Request-Method"), ex.getRequestHeaders().getFirst("Access-Control-Request-Headers"));
            }
            if (endpoint == null) {
                ex.getResponseHeaders().set("Allow", HttpPolicy.allow(methods));
                throw new ApiError(405, "method " + Validate.shown(ex.getRequestMethod()) + " not allowed; use "
                        + String.join(", ", methods));
            }
            Request request = new Request(ex.getRequestMethod(), path, Request.parseQuery(ex.getRequestURI()
                    .getRawQuery()), ex.getRequestMethod().equals("POST") ? body(ex) : new byte[0]);
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
        send(ex, response);
        Counter.builder("ooni_api_requests").tag("endpoint", label).tag("status", String.valueOf(response.status()))
                .register(registry).increment();
        Timer.builder("ooni_api_request_duration").tag("endpoint", label).register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static void send(HttpExchange ex, Response answer) throws IOException {
        Response r = HttpPolicy.finish(answer);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (r.contentType().startsWith("text/html")) {
            ex.getResponseHeaders().set("Content-Security-Policy", HtmlPage.CSP);
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        }
        r.headers().forEach(ex.getResponseHeaders()::set);
        if (!HttpPolicy.sendsBody(ex.getRequestMethod())) {
            // the JDK server sends no body for HEAD and takes an explicit Content-Length as it is
            ex.getResponseHeaders().set("Content-Length", String.valueOf(r.body().length));
            ex.sendResponseHeaders(r.status(), -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    /** Stops accepting, gives running requests up to a second, then releases the pool and the MMDB readers. */
    @Override
    public void close() {
        server.stop(1);
        pool.close();
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("api: closing: " + e);
        }
    }
}
