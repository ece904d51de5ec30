package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ooni.analysis.citizenlab.CitizenLabTable;

/**
 * {@code GET /api/v1/test-list/urls?country_code=XX&category_codes=A,B&limit=N&debug=1}: the country's test-list
 * rows plus the global ones (reported with country code {@code XX}), as the original API answers. When the store
 * has {@code url_priorities} and {@code counters_asn_test_list} the entries are ranked as the original ranks them
 * ({@link UrlPriorities}: rules summed, weighed by this and last week's measurement counts, priority 0 or less
 * dropped); without them, country rows first, then by category and URL. Parameters are parsed as tolerantly as
 * the original's: {@code probe_cc} for {@code country_code}, spaces and empty items in {@code category_codes},
 * any integer {@code limit} ({@code -1} or none: all, capped at {@code [api] max_results}; 0 or below: one entry,
 * as the original's loop gives). Cacheable for one second.
 */
final class TestListEndpoint implements Endpoint {
    private static final Pattern CATEGORY = Pattern.compile("[A-Z_]{1,16}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,18}");
    private static final int MAX_CATEGORIES = 64;
    /** Most test-list rows read to rank them; the real lists have about 30,000 rows in all. */
    static final int MAX_RANKED_ROWS = 100_000;
    private static final String GLOBAL = "ZZ";
    private static final Set<String> TRUE = Set.of("true", "1", "yes");
    private static final int CC_LENGTH = CitizenLabTable.LIVE.columns().stream()
            .filter(c -> c.name().equals("cc")).findFirst().orElseThrow().type().length();
    private final StoreReader store;
    private final int maxResults;
    private final Clock clock;

    TestListEndpoint(StoreReader store, int maxResults, Clock clock) {
        this.store = store;
        this.maxResults = maxResults;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        String cc = country(request);
        List<String> categories = categories(request.param("category_codes"));
        int limit = limit(request.param("limit"));
        boolean debug = TRUE.contains(String.valueOf(request.param("debug")).toLowerCase(Locale.ROOT));

        ArrayNode results = Response.JSON.createArrayNode();
        if (store.exists(PriorityTables.URL_PRIORITIES.name()) && store.exists(PriorityTables.COUNTERS.name())) {
            List<UrlPriorities.Entry> entries = entries(cc, categories, MAX_RANKED_ROWS, true);
            List<UrlPriorities.Ranked> ranked = UrlPriorities.rank(entries, rules(cc));
            for (UrlPriorities.Ranked r : ranked.subList(0, Math.min(limit, ranked.size()))) {
                ObjectNode item = add(results, r.entry());
                if (debug) {
                    item.put("msmt_cnt", r.entry().msmtCnt()).put("priority", r.priority()).put("weight", r.weight());
                }
            }
        } else {
            entries(cc, categories, limit, false).forEach(e -> add(results, e));
        }
        ObjectNode body = Response.JSON.createObjectNode();
        // the original always sends -1 here, whatever the limit
        body.putObject("metadata").put("count", results.size()).put("current_page", -1).put("limit", -1)
                .put("next_url", "").put("pages", 1);
        body.set("results", results);
        return Response.ok(body).cacheFor(1);
    }

    private static ObjectNode add(ArrayNode results, UrlPriorities.Entry e) {
        String rowCc = e.cc().toUpperCase(Locale.ROOT);
        return results.addObject().put("category_code", e.categoryCode()).put("url", e.url())
                .put("country_code", rowCc.equals(GLOBAL) ? "XX" : rowCc);
    }

    /** The country's rows and the global ones, country rows first, then by category and URL; with counts when ranked. */
    private List<UrlPriorities.Entry> entries(String cc, List<String> categories, int limit, boolean counted) {
        String global = store.fixedString(GLOBAL, CC_LENGTH);
        // the updater keeps the list file's own case ("ir.csv" gives "ir"), so both cases are asked for
        List<Object> params = new ArrayList<>(List.of(store.fixedString(cc, CC_LENGTH),
                store.fixedString(cc.toLowerCase(Locale.ROOT), CC_LENGTH), global));
        StringBuilder sql = new StringBuilder("SELECT category_code, domain, url, cc FROM ")
                .append(CitizenLabTable.LIVE.name()).append(" WHERE (cc = ? OR cc = ? OR cc = ?)");
        if (!categories.isEmpty()) {
            sql.append(" AND category_code IN (").append(String.join(", ", categories.stream().map(c -> "?").toList()))
                    .append(')');
            params.addAll(categories);
        }
        sql.append(" ORDER BY cc = ?, category_code, url LIMIT ?");
        params.add(global);
        params.add((long) limit);
        List<List<String>> rows = store.rows(CitizenLabTable.LIVE.name(), sql.toString(), params);
        Map<String, Long> counts = rows.isEmpty() || !counted ? Map.of() : counts(cc, params);
        List<UrlPriorities.Entry> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            out.add(new UrlPriorities.Entry(r.get(0), r.get(1), r.get(2), trimNul(r.get(3)),
                    counts.getOrDefault(r.get(2), 0L)));
        }
        return out;
    }

    /** Measurements per URL of the country this week and last week (weeks start on Sunday, as toStartOfWeek). */
    private Map<String, Long> counts(String cc, List<Object> citizenlabParams) {
        LocalDate week = LocalDate.now(clock.withZone(ZoneOffset.UTC))
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        List<Object> params = new ArrayList<>(List.of(cc, week, week.minusWeeks(1)));
        params.addAll(citizenlabParams.subList(0, 3));
        String sql = "SELECT input, sum(msmt_cnt) FROM " + PriorityTables.COUNTERS.name()
                + " WHERE probe_cc = ? AND week IN (?, ?) AND input IN (SELECT url FROM "
                + CitizenLabTable.LIVE.name() + " WHERE cc = ? OR cc = ? OR cc = ?) GROUP BY input";
        Map<String, Long> counts = new HashMap<>();
        for (List<String> r : store.rows(PriorityTables.COUNTERS.name(), sql, params)) {
            counts.put(r.get(0), Long.parseLong(r.get(1)));
        }
        return counts;
    }

    private List<UrlPriorities.Rule> rules(String cc) {
        String sql = "SELECT category_code, cc, domain, url, priority FROM " + PriorityTables.URL_PRIORITIES.name()
                + " WHERE cc = ? OR cc = '*' OR cc = ''";
        List<UrlPriorities.Rule> rules = new ArrayList<>();
        for (List<String> r : store.rows(PriorityTables.URL_PRIORITIES.name(), sql, List.of(cc))) {
            rules.add(new UrlPriorities.Rule(r.get(0), r.get(1), r.get(2), r.get(3), Long.parseLong(r.get(4))));
        }
        return rules;
    }

    /** {@code country_code}, else {@code probe_cc}, else the global list; {@code XX} is the global list too. */
    private static String country(Request request) {
        String given = request.param("country_code");
        String name = "country_code";
        if (given == null || given.isEmpty()) {
            given = request.param("probe_cc");
            name = "probe_cc";
        }
        if (given == null || given.isEmpty()) {
            return GLOBAL;
        }
        String cc = Validate.country(name, given);
        return cc.equals("XX") ? GLOBAL : cc;
    }

    /** As the original: none or -1 is all; 0 or below still gives one entry; above the server's cap is the cap. */
    private int limit(String value) {
        if (value == null || value.isEmpty()) {
            return maxResults;
        }
        if (!INTEGER.matcher(value).matches()) {
            throw ApiError.badRequest("parameter 'limit' must be an integer, not '" + Validate.shown(value) + "'");
        }
        long n = Long.parseLong(value);
        return n == -1 ? maxResults : (int) Math.max(1, Math.min(n, maxResults));
    }

    /** Comma-separated, each trimmed and upper-cased, empty items dropped, repeats once (as the original). */
    private static List<String> categories(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String c : value.split(",", -1)) {
            String code = c.strip().toUpperCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            if (!CATEGORY.matcher(code).matches()) {
                throw ApiError.badRequest("parameter 'category_codes' must be a comma-separated list of category codes"
                        + " (letters and '_', at most 16 each), not '" + Validate.shown(value) + "'");
            }
            codes.add(code);
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
