package org.ooni.analysis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** One answer: status, content type and body bytes. */
record Response(int status, String contentType, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper();

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
}
