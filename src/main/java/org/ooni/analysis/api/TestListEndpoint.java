package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.ooni.analysis.citizenlab.CitizenLabTable;

/**
 * {@code GET /api/v1/test-list/urls?country_code=XX&category_codes=A,B&limit=N}: the country's test-list rows plus
 * the global ones (reported with country code {@code XX}, as the OONI API does), country rows first. {@code limit=-1}
 * (the default) means "all", still capped at {@code [api] max_results}.
 */
final class TestListEndpoint implements Endpoint {
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z_]{1,16}");
    private static final int MAX_CATEGORIES = 64;
    private static final String GLOBAL = "ZZ";
    private static final int CC_LENGTH = CitizenLabTable.LIVE.columns().stream()
            .filter(c -> c.name().equals("cc")).findFirst().orElseThrow().type().length();
    private final StoreReader store;
    private final int maxResults;

    TestListEndpoint(StoreReader store, int maxResults) {
        this.store = store;
        this.maxResults = maxResults;
    }

    @Override
    public Response handle(Request request) {
        request.allowOnly(Set.of("country_code", "category_codes", "limit"));
        String cc = request.param("country_code") == null || request.param("country_code").isEmpty() ? GLOBAL
                : Validate.country("country_code", request.param("country_code"));
        if (cc.equals("XX")) {
            cc = GLOBAL;
        }
        List<String> categories = categories(request.param("category_codes"));
        int limit = request.param("limit") == null ? -1 : Validate.integer("limit", request.param("limit"), -1, maxResults);
        if (limit == 0) {
            throw ApiError.badRequest("parameter 'limit' must be -1 (all) or in 1.." + maxResults + ", not '0'");
        }
        int effective = limit == -1 ? maxResults : limit;

        String global = store.fixedString(GLOBAL, CC_LENGTH);
        // the updater keeps the list file's own case ("ir.csv" gives "ir"), so both cases are asked for
        List<Object> params = new ArrayList<>(List.of(store.fixedString(cc, CC_LENGTH),
                store.fixedString(cc.toLowerCase(Locale.ROOT), CC_LENGTH), global));
        StringBuilder sql = new StringBuilder("SELECT category_code, url, cc FROM ")
                .append(CitizenLabTable.LIVE.name()).append(" WHERE (cc = ? OR cc = ? OR cc = ?)");
        if (!categories.isEmpty()) {
            sql.append(" AND category_code IN (").append(String.join(", ", categories.stream().map(c -> "?").toList()))
                    .append(')');
            params.addAll(categories);
        }
        sql.append(" ORDER BY cc = ?, category_code, url LIMIT ?");
        params.add(global);
        params.add((long) effective);

        ObjectNode body = Response.JSON.createObjectNode();
        ArrayNode results = Response.JSON.createArrayNode();
        for (List<String> r : store.rows(CitizenLabTable.LIVE.name(), sql.toString(), params)) {
            String rowCc = trimNul(r.get(2)).toUpperCase(Locale.ROOT);
            results.addObject().put("category_code", r.get(0)).put("url", r.get(1))
                    .put("country_code", rowCc.equals(GLOBAL) ? "XX" : rowCc);
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("count", results.size()).put("current_page", -1).put("limit", limit).put("next_url", "")
                .put("pages", 1);
        body.set("results", results);
        return Response.ok(body);
    }

    private static List<String> categories(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String c : value.split(",", -1)) {
            if (!CATEGORY.matcher(c).matches()) {
                throw ApiError.badRequest("parameter 'category_codes' must be a comma-separated list of category codes"
                        + " (letters and '_', at most 16 each), not '" + Validate.shown(value) + "'");
            }
            codes.add(c.toUpperCase(Locale.ROOT));
        }
        if (codes.size() > MAX_CATEGORIES) {
            throw ApiError.badRequest("parameter 'category_codes' lists more than " + MAX_CATEGORIES + " codes");
        }
        return List.copyOf(codes);
    }

    /** ClickHouse pads the FixedString(32) country code with NUL bytes. */
    static String trimNul(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }
}
