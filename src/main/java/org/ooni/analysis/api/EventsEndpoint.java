package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.ooni.analysis.detector.CountryNames;
import org.ooni.analysis.detector.EventsFormatter;

/**
 * {@code GET /api/v1/detector/events?probe_cc&probe_asn&domain&since&until} → {@code {"results": [...]}}: the
 * events (grouped per country and domain, as {@code events --format json} prints them) that overlap the window,
 * newest first, each with {@code "evidence"} (see {@link EvidenceStrength}); the same {@link EventsQuery} as the
 * events page.
 */
final class EventsEndpoint implements Endpoint {
    private final EventsQuery query;
    private final Clock clock;
    private final EventsFormatter formatter = new EventsFormatter(CountryNames.bundled());

    EventsEndpoint(EventsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        EventsQuery.Result r = query.run(DetectorFilter.of(request, clock));
        ArrayNode results = formatter.jsonArray(Response.JSON, r.alerts());
        for (int i = 0; i < results.size(); i++) {
            r.strengths().get(i).addTo((ObjectNode) results.get(i));
        }
        ObjectNode body = Response.JSON.createObjectNode();
        body.set("results", results);
        return Response.ok(body);
    }
}
