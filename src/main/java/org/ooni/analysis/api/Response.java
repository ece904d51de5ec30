package org.ooni.analysis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer: status, content type, body bytes and any extra headers (e.g. {@code Cache-Control}). */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper JSON = new ObjectMapper();

    Response {
        headers = Map.copyOf(headers);
    }

    Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static Response json(int status, Object value) {
        try {
            return new Response(status, "application/json", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static Response ok(Object value) {
        return json(200, value);
    }

    static Response error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** This answer with one more header (replacing one of the same name). */
    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }

    /** Cacheable for {@code seconds}: the header the original API's {@code cachedjson(...)} sets. */
    Response cacheFor(long seconds) {
        return withHeader("Cache-Control", "max-age=" + seconds);
    }

    /** Not to be reused without asking again: the header the original API's {@code nocachejson(...)} sets. */
    Response noCache() {
        return withHeader("Cache-Control", "max-age=0, no-cache");
    }
}
