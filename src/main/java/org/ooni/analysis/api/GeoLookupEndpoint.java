package org.ooni.analysis.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ooni.analysis.geoip.GeoIpLookup;

/**
 * {@code POST /api/v1/geolookup} with {@code {"addresses": [...]}} → {@code {"v": 1, "geolocation": {ip: {"cc",
 * "asn", "as_name"}}}} from the installed MMDB files; what a database does not know is {@code null}, as the original
 * API answers, and the answer is not cacheable ({@code nocachejson} there).
 */
final class GeoLookupEndpoint implements Endpoint {
    static final int MAX_ADDRESSES = 1000;
    /** One JSON document and nothing after it: {@code {...}&x} is a malformed body, not a body plus noise. */
    private static final ObjectReader BODY = Response.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final GeoIpDatabases databases;

    GeoLookupEndpoint(GeoIpDatabases databases) {
        this.databases = databases;
    }

    @Override
    public Response handle(Request request) {
        List<String> texts = addresses(request.body());
        List<InetAddress> parsed = new ArrayList<>(texts.size());
        for (String t : texts) {
            parsed.add(GeoIpLookup.parseAddress(t).orElseThrow(() -> ApiError.badRequest(
                    "'addresses' must hold IP addresses, not '" + Validate.shown(t) + "'")));
        }
        GeoIpLookup lookup = databases.current();
        ObjectNode body = Response.JSON.createObjectNode().put("v", 1);
        ObjectNode geo = body.putObject("geolocation");
        for (int i = 0; i < texts.size(); i++) {
            GeoIpLookup.Location l = lookup.locate(parsed.get(i));
            ObjectNode one = geo.putObject(texts.get(i));
            one.put("cc", l.cc());
            one.put("asn", l.asn());
            one.put("as_name", l.org());
        }
        return Response.ok(body).noCache();
    }

    private static List<String> addresses(byte[] body) {
        JsonNode root;
        try {
            root = BODY.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest("body must be JSON such as {\"addresses\": [\"1.2.3.4\"]}");
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("unreadable body");
        }
        JsonNode list = root == null ? null : root.get("addresses");
        if (list == null || !list.isArray()) {
            throw ApiError.badRequest("body must be a JSON object with an 'addresses' array");
        }
        if (list.isEmpty() || list.size() > MAX_ADDRESSES) {
            throw ApiError.badRequest("'addresses' must hold 1.." + MAX_ADDRESSES + " addresses, not " + list.size());
        }
        List<String> texts = new ArrayList<>(list.size());
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (!n.isTextual() || n.asText().length() > 45) {
                throw ApiError.badRequest("'addresses' must hold IP addresses as strings of at most 45 characters");
            }
            texts.add(n.asText());
        }
        return texts;
    }
}
