package org.ooni.analysis.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.CountryNames;

/**
 * {@code GET /detector/} (and {@code /}): the current and recent events, newest first, from the same
 * {@link EventsQuery} and {@link DetectorFilter} as {@code /api/v1/detector/events}, so page and JSON agree. A plain
 * GET form filters by country, network, domain and period; each event links to its evidence page and its
 * country's feed.
 */
final class EventsPage implements Endpoint {
    /** How far around an event its evidence page looks. */
    static final Duration MARGIN = Duration.ofDays(2);
    private final EventsQuery query;
    private final Clock clock;
    private final CountryNames countries = CountryNames.bundled();

    EventsPage(EventsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        DetectorFilter f = DetectorFilter.of(request, clock);
        EventsQuery.Result r = query.run(f);
        StringBuilder b = new StringBuilder();
        b.append("<h1>Blocking events</h1>");
        form(b, request, f);
        b.append("<p class=\"window\">Events overlapping ").append(PageFormat.time(f.since())).append(" to ")
                .append(PageFormat.time(f.until())).append(" UTC. <a href=\"")
                .append(Html.link("/api/v1/detector/events", request.params())).append("\">JSON</a> · <a href=\"")
                .append(f.cc() == null ? "/feeds/global.xml" : "/feeds/by-country/" + f.cc() + ".xml")
                .append("\">RSS</a></p>");
        if (!r.tableExists()) {
            b.append("<p class=\"empty\" id=\"no-data\">No data yet: the detector has not written any changes to this"
                    + " store. Events appear here after <code>ooni-analysis detect</code> has run.</p>");
            return HtmlPage.page(200, "Blocking events: no data yet", b.toString());
        }
        if (r.alerts().isEmpty()) {
            b.append("<p class=\"empty\" id=\"no-events\">No events match these filters in this period.</p>");
            return HtmlPage.page(200, "Blocking events", b.toString());
        }
        b.append("<table class=\"events\"><thead><tr><th>Country</th><th>Networks</th><th>Domain</th><th>Signals</th>"
                + "<th>Start</th><th>End</th><th>Duration</th><th>Evidence</th><th>Links</th></tr></thead><tbody>");
        Instant now = clock.instant();
        for (int i = 0; i < r.alerts().size(); i++) {
            row(b, r.alerts().get(i), r.strengths().get(i), f, now);
        }
        b.append("</tbody></table><p class=\"count\">").append(r.alerts().size())
                .append(r.alerts().size() == 1 ? " event" : " events").append("</p>");
        return HtmlPage.page(200, "Blocking events", b.toString());
    }

    private static void form(StringBuilder b, Request request, DetectorFilter f) {
        b.append("<form method=\"get\" action=\"/detector/\" class=\"filters\">");
        field(b, "probe_cc", "Country", request.param("probe_cc"), "UG", "2");
        field(b, "probe_asn", "ASN", request.param("probe_asn"), "AS20294", "12");
        field(b, "domain", "Domain", request.param("domain"), "twitter.com", "253");
        field(b, "since", "From (UTC)", request.param("since"), PageFormat.formValue(f.since()), "20");
        field(b, "until", "To (UTC)", request.param("until"), PageFormat.formValue(f.until()), "20");
        b.append("<button type=\"submit\">Filter</button></form>");
    }

    private static void field(StringBuilder b, String name, String label, String value, String placeholder,
                              String maxLength) {
        b.append("<label>").append(Html.text(label)).append(" <input name=\"").append(name).append("\" value=\"")
                .append(Html.text(value == null ? "" : value)).append("\" placeholder=\"").append(Html.text(placeholder))
                .append("\" maxlength=\"").append(maxLength).append("\"></label>");
    }

    private void row(StringBuilder b, Alert a, EvidenceStrength s, DetectorFilter f, Instant now) {
        Instant end = a.ongoing() ? now : a.end();
        b.append("<tr class=\"event\" data-cc=\"").append(Html.text(a.cc())).append("\" data-domain=\"")
                .append(Html.text(a.domain())).append("\" data-start=\"").append(a.start()).append("\" data-end=\"")
                .append(a.ongoing() ? "" : a.end().toString()).append("\">");
        cell(b, "Country", Html.text(a.cc()) + " " + Html.text(countries.name(a.cc())));
        StringBuilder networks = new StringBuilder();
        for (long asn : a.asns()) {
            networks.append(networks.length() == 0 ? "" : " ").append("<a href=\"/feeds/by-asn/AS").append(asn)
                    .append(".xml\" class=\"asn\">AS").append(asn).append("</a>");
        }
        cell(b, "Networks", networks.toString());
        cell(b, "Domain", "<span class=\"domain\">" + Html.text(a.domain()) + "</span>");
        cell(b, "Signals", Html.text(String.join(", ", a.signals())));
        cell(b, "Start", PageFormat.time(a.start()));
        cell(b, "End", a.ongoing() ? "<span class=\"ongoing\">ongoing</span>" : PageFormat.time(a.end()));
        cell(b, "Duration", PageFormat.duration(Duration.between(a.start(), end)));
        cell(b, "Evidence", "<span class=\"level " + s.level() + "\">" + s.level() + "</span> <span class=\"detail\">"
                + s.series() + " series, " + s.networks()
                + (s.networks() == 1 ? " network" : " networks") + ", score " + PageFormat.score(s.medianScore())
                + " over " + s.measurements() + " measurements</span>");
        cell(b, "Links", "<a class=\"evidence\" href=\"" + evidenceLink(a, f.asn(), end, now) + "\">evidence</a> · "
                + "<a class=\"feed\" href=\"/feeds/by-country/" + Html.text(a.cc()) + ".xml\">feed</a>");
        b.append("</tr>");
    }

    /**
     * The evidence page around an alert: from two days before its start to two days after its end, but not past the
     * current hour, and at most the evidence page's longest window.
     */
    static String evidenceLink(Alert a, Long asn, Instant end, Instant now) {
        Instant since = a.start().minus(MARGIN).truncatedTo(ChronoUnit.DAYS);
        Instant until = end.plus(MARGIN).truncatedTo(ChronoUnit.HOURS);
        Instant nextHour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        until = until.isAfter(nextHour) ? nextHour : until;
        if (Duration.between(since, until).compareTo(EvidenceFilter.MAX_WINDOW) > 0) {
            until = since.plus(EvidenceFilter.MAX_WINDOW);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("probe_cc", a.cc());
        p.put("domain", a.domain());
        p.put("probe_asn", asn == null ? null : String.valueOf(asn));
        p.put("since", since.toString());
        p.put("until", until.toString());
        return Html.link("/detector/evidence", p);
    }

    private static void cell(StringBuilder b, String label, String html) {
        b.append("<td data-label=\"").append(label).append("\">").append(html).append("</td>");
    }
}
