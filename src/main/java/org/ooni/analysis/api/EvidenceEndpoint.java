package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.ooni.analysis.detector.Changepoint;

/**
 * {@code GET /api/v1/detector/evidence} with the evidence page's parameters: the same {@link Evidence} as JSON,
 * {@code {"h", "since", "until", "networks": [{"probe_asn", "as_name", "measurements", "signals": [{"signal",
 * "replay_from", "replay_exact", "points": [{"ts", "median", "count", "s_pos", "s_neg", "state"}], "changepoints":
 * [{"ts", "change_dir"}], "replayed": [...]}]}]}}.
 */
final class EvidenceEndpoint implements Endpoint {
    private final EvidenceQuery query;
    private final Clock clock;

    EvidenceEndpoint(EvidenceQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        EvidenceFilter f = EvidenceFilter.of(request, clock);
        Evidence e = query.run(f);
        ObjectNode body = Response.JSON.createObjectNode();
        body.put("probe_cc", f.cc()).put("domain", f.domain()).put("since", f.since().toString())
                .put("until", f.until().toString()).put("h", e.h()).put("data", e.tableExists());
        ArrayNode networks = body.putArray("networks");
        for (Evidence.Network n : e.networks()) {
            ObjectNode no = networks.addObject().put("probe_asn", n.asn()).put("as_name", n.asName())
                    .put("measurements", n.measurements());
            ArrayNode signals = no.putArray("signals");
            for (Evidence.Series s : n.signals()) {
                ObjectNode so = signals.addObject().put("signal", s.signal().label())
                        .put("replay_from", s.replayFrom().toString()).put("replay_exact", s.exact());
                ArrayNode points = so.putArray("points");
                for (Evidence.Point p : s.points()) {
                    points.addObject().put("ts", p.hour().toString()).put("median", p.y()).put("count", p.w())
                            .put("s_pos", p.sPos()).put("s_neg", p.sNeg()).put("state", p.phase().label());
                }
                ArrayNode stored = so.putArray("changepoints");
                for (Changepoint c : s.stored()) {
                    stored.addObject().put("ts", c.ts().toString()).put("change_dir", c.direction());
                }
                ArrayNode replayed = so.putArray("replayed");
                for (Evidence.Change c : s.replayed()) {
                    replayed.addObject().put("ts", c.ts().toString()).put("change_dir", c.direction());
                }
            }
        }
        return Response.ok(body);
    }
}
