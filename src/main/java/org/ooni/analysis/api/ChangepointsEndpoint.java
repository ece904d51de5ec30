package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.DetectorTables;

/**
 * {@code GET /api/v1/detector/changepoints?probe_cc&probe_asn&domain&since&until} → {@code {"results": [...]}}: the
 * stored changepoints in the window, newest first, at most {@code [api] max_results}; fields named as the table's
 * columns, times in ISO 8601 UTC.
 */
final class ChangepointsEndpoint implements Endpoint {
    static final String COLUMNS = String.join(", ", DetectorTables.CHANGEPOINTS.columnNames());
    private final StoreReader store;
    private final Clock clock;
    private final int maxResults;

    ChangepointsEndpoint(StoreReader store, Clock clock, int maxResults) {
        this.store = store;
        this.clock = clock;
        this.maxResults = maxResults;
    }

    @Override
    public Response handle(Request request) {
        DetectorFilter f = DetectorFilter.of(request, clock);
        List<Object> params = DetectorFilter.params();
        params.add(f.since());
        params.add(f.until());
        String sql = "SELECT " + COLUMNS + " FROM " + DetectorTables.CHANGEPOINTS.name() + " WHERE ts >= ? AND ts < ?"
                + f.seriesConditions(params) + " ORDER BY ts DESC, probe_cc, probe_asn, domain, block_type LIMIT ?";
        params.add((long) maxResults);
        ArrayNode results = Response.JSON.createArrayNode();
        for (List<String> row : store.rows(DetectorTables.CHANGEPOINTS.name(), sql, params)) {
            Changepoint c = Changepoint.fromRow(row);
            ObjectNode o = results.addObject();
            o.put("probe_cc", c.series().cc()).put("probe_asn", c.series().asn()).put("domain", c.series().domain())
                    .put("ts", c.ts().toString()).put("block_type", c.blockType()).put("change_dir", c.direction())
                    .put("s_pos", c.sPos()).put("s_neg", c.sNeg()).put("h", c.h())
                    .put("current_state", c.stateBefore())
                    .put("dns_isp_count", c.counts().get(0)).put("dns_other_count", c.counts().get(1))
                    .put("tcp_count", c.counts().get(2)).put("tls_count", c.counts().get(3))
                    .put("dns_isp_median", c.medians().get(0)).put("dns_other_median", c.medians().get(1))
                    .put("tcp_median", c.medians().get(2)).put("tls_median", c.medians().get(3))
                    .put("detection_time", c.detectionTime().toString());
        }
        ObjectNode body = Response.JSON.createObjectNode();
        body.set("results", results);
        return Response.ok(body);
    }
}
