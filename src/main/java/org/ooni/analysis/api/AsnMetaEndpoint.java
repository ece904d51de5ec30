package org.ooni.analysis.api;

import java.util.List;
import org.ooni.analysis.asnmeta.AsnLookup;
import org.ooni.analysis.asnmeta.AsnMetaTable;

/**
 * {@code GET /api/_/asnmeta?asn=N} → {@code {"org_name": ...}}: the latest entry, "Unknown" when there is none;
 * cacheable for two hours, as the original answers ({@code cachedjson("2h")}).
 */
final class AsnMetaEndpoint implements Endpoint {
    static final String SQL = "SELECT org_name FROM " + AsnMetaTable.LIVE.name()
            + " WHERE asn = ? ORDER BY changed DESC, org_name DESC LIMIT 1";
    private final StoreReader store;

    AsnMetaEndpoint(StoreReader store) {
        this.store = store;
    }

    @Override
    public Response handle(Request request) {
        long asn = Validate.asn("asn", Validate.required(request, "asn"));
        List<List<String>> rows = store.rows(AsnMetaTable.LIVE.name(), SQL, List.of(asn));
        String org = rows.isEmpty() ? AsnLookup.UNKNOWN : rows.get(0).get(0);
        return Response.ok(Response.JSON.createObjectNode().put("org_name", org)).cacheFor(7200);
    }
}
