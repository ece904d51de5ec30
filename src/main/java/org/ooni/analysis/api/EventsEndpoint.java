package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.ChangepointStore;
import org.ooni.analysis.detector.CountryNames;
import org.ooni.analysis.detector.DetectorTables;
import org.ooni.analysis.detector.EventBuilder;
import org.ooni.analysis.detector.EventFilter;
import org.ooni.analysis.detector.EventsFormatter;

/**
 * {@code GET /api/v1/detector/events?probe_cc&probe_asn&domain&since&until} → {@code {"results": [...]}}: the
 * events (grouped per country and domain, as {@code events --format json} prints them) that overlap the window,
 * newest first. They are built from the changepoints before {@code until}, newest first, of which at most
 * {@code 10 x max_results} are read; at most {@code max_results} events are returned.
 */
final class EventsEndpoint implements Endpoint {
    private final StoreReader store;
    private final Clock clock;
    private final int maxResults;
    private final int groupWindowHours;
    private final EventsFormatter formatter = new EventsFormatter(CountryNames.bundled());

    EventsEndpoint(StoreReader store, Clock clock, int maxResults, int groupWindowHours) {
        this.store = store;
        this.clock = clock;
        this.maxResults = maxResults;
        this.groupWindowHours = groupWindowHours;
    }

    @Override
    public Response handle(Request request) {
        DetectorFilter f = DetectorFilter.of(request, clock);
        List<Object> params = DetectorFilter.params();
        params.add(f.until());
        String sql = "SELECT " + ChangepointsEndpoint.COLUMNS + " FROM " + DetectorTables.CHANGEPOINTS.name()
                + " WHERE ts < ?" + f.seriesConditions(params) + " ORDER BY ts DESC LIMIT ?";
        params.add(10L * maxResults);
        List<Changepoint> changepoints = new ArrayList<>();
        for (List<String> row : store.rows(DetectorTables.CHANGEPOINTS.name(), sql, params)) {
            changepoints.add(Changepoint.fromRow(row));
        }
        changepoints.sort(ChangepointStore.ORDER);
        List<Alert> alerts = new EventFilter(f.cc(), f.asn(), f.domain(), f.since(), f.until())
                .apply(EventBuilder.alerts(changepoints, groupWindowHours));
        ArrayNode results = formatter.jsonArray(Response.JSON, alerts.subList(0, Math.min(maxResults, alerts.size())));
        ObjectNode body = Response.JSON.createObjectNode();
        body.set("results", results);
        return Response.ok(body);
    }
}
