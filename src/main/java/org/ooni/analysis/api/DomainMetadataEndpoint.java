package org.ooni.analysis.api;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.citizenlab.CitizenLabTable;

/**
 * {@code GET /api/_/domain_metadata?domain=D} → {@code {"category_code", "canonical_domain"}} from the test lists:
 * the domain with and without {@code www.}, global rows first, then the shortest URL; {@code MISC} and the domain
 * without {@code www.} when no list has it. Cacheable for two hours, as the original answers.
 */
final class DomainMetadataEndpoint implements Endpoint {
    private static final int MAX_ROWS = 1000;
    private static final String SQL = "SELECT category_code, url, cc FROM " + CitizenLabTable.LIVE.name()
            + " WHERE domain = ? OR domain = ? LIMIT " + MAX_ROWS;
    private final StoreReader store;

    DomainMetadataEndpoint(StoreReader store) {
        this.store = store;
    }

    @Override
    public Response handle(Request request) {
        String domain = Validate.domain("domain", Validate.required(request, "domain"));
        String bare = domain.startsWith("www.") ? domain.substring(4) : domain;
        List<List<String>> rows = store.rows(CitizenLabTable.LIVE.name(), SQL, List.of(bare, "www." + bare));
        Optional<List<String>> best = rows.stream().min(Comparator
                .comparing((List<String> r) -> !TestListEndpoint.trimNul(r.get(2)).equals("ZZ"))
                .thenComparingInt(r -> r.get(1).length())
                .thenComparing(r -> r.get(1)));
        String category = best.map(r -> r.get(0)).orElse("MISC");
        String canonical = best.map(r -> host(r.get(1), bare)).orElse(bare);
        return Response.ok(Response.JSON.createObjectNode().put("category_code", category)
                .put("canonical_domain", canonical)).cacheFor(7200);
    }

    private static String host(String url, String fallback) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? fallback : h;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
