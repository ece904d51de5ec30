package org.ooni.analysis.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every answer gets whatever the endpoint, as the original API's Flask app (Werkzeug and flask-cors with its
 * defaults) does it: {@code Access-Control-Allow-Origin: *} on every answer, an answer to CORS preflight
 * {@code OPTIONS}, {@code HEAD} as {@code GET} without the body, and {@code Cache-Control: no-cache} on errors. The
 * HTTP server calls it where it routes and where it writes an answer, so swapping the server keeps the behaviour.
 */
final class HttpPolicy {
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    /** A requested header list echoed back: header names, commas and spaces only, bounded. */
    private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~, -]{1,512}");

    private HttpPolicy() {
    }

    /** The method a route is looked up by: {@code HEAD} is answered by the {@code GET} route. */
    static String routedMethod(String method) {
        return method.equals("HEAD") ? "GET" : method;
    }

    /** The {@code Allow} list of a path whose routes take {@code methods}. */
    static String allow(List<String> methods) {
        StringBuilder b = new StringBuilder();
        for (String m : methods) {
            b.append(m).append(", ");
            if (m.equals("GET")) {
                b.append("HEAD, ");
            }
        }
        return b.append("OPTIONS").toString();
    }

    /**
     * The answer to {@code OPTIONS} on a known path: 200, empty, {@code Allow}; for a CORS preflight (it names
     * {@code Access-Control-Request-Method}) also the allowed methods and the requested headers echoed back.
     */
    static Response options(List<String> methods, String requestMethod, String requestHeaders) {
        Response r = new Response(200, "text/html; charset=utf-8", new byte[0]).withHeader("Allow", allow(methods));
        if (requestMethod != null) {
            r = r.withHeader("Access-Control-Allow-Methods", allow(methods));
            if (requestHeaders != null && HEADER_LIST.matcher(requestHeaders).matches()) {
                r = r.withHeader("Access-Control-Allow-Headers", requestHeaders.toLowerCase(Locale.ROOT));
            }
        }
        return r;
    }

    /** Headers every answer carries: the CORS origin, and {@code no-cache} on an error that set no caching. */
    static Response finish(Response r) {
        Response out = r.withHeader(ALLOW_ORIGIN, "*");
        if (r.status() >= 400 && !r.headers().containsKey("Cache-Control")) {
            out = out.withHeader("Cache-Control", "no-cache");
        }
        return out;
    }

    /** Whether the body is written: not for {@code HEAD}, whose headers (and length) are those of {@code GET}. */
    static boolean sendsBody(String method) {
        return !method.equals("HEAD");
    }
}
