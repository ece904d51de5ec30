package org.ooni.analysis.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A request's method, path, query parameters and body, with the checks every endpoint shares: a bounded query
 * string and percent-decoding that fails as 400. A repeated parameter keeps its first value and unknown ones are
 * ignored, as the original API (Flask's {@code request.args.get}) does; endpoints of our own may refuse unknown
 * names with {@link #allowOnly}.
 */
record Request(String method, String path, Map<String, String> params, byte[] body) {
    static final int MAX_QUERY_CHARS = 4096;

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw ApiError.badRequest("query string longer than " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed percent-encoding in the query string");
        }
    }

    /** Refuses parameters the endpoint does not know, so a typo is an error rather than a silent no-op. */
    Request allowOnly(Set<String> names) {
        for (String name : params.keySet()) {
            if (!names.contains(name)) {
                throw ApiError.badRequest("unknown parameter '" + Validate.shown(name) + "'; allowed: "
                        + String.join(", ", names.stream().sorted().toList()));
            }
        }
        return this;
    }

    String param(String name) {
        return params.get(name);
    }
}
