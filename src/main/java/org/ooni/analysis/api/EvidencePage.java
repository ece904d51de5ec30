package org.ooni.analysis.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.ooni.analysis.detector.CountryNames;

/**
 * {@code GET /detector/evidence?probe_cc&domain[&probe_asn][&networks][&since][&until]}: what the detector saw for
 * one country and domain, one section per network (the top {@code networks} by measurements, like the original's
 * "split by ASN"), one SVG chart per signal with the hourly scores and counts, the CUSUM sums against the
 * threshold and the stored changepoints marked. Same {@link EvidenceQuery} as the JSON at
 * {@code /api/v1/detector/evidence}.
 */
final class EvidencePage implements Endpoint {
    private final EvidenceQuery query;
    private final Clock clock;
    private final CountryNames countries = CountryNames.bundled();

    EvidencePage(EvidenceQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @Override
    public Response handle(Request request) {
        EvidenceFilter f = EvidenceFilter.of(request, clock);
        Evidence e = query.run(f);
        String title = f.domain() + " in " + countries.name(f.cc());
        StringBuilder b = new StringBuilder();
        b.append("<h1>Evidence: <span class=\"domain\">").append(Html.text(f.domain())).append("</span> in ")
                .append(Html.text(countries.name(f.cc()))).append(" (").append(Html.text(f.cc())).append(")</h1>");
        Map<String, String> p = new LinkedHashMap<>(request.params());
        b.append("<p class=\"window\">").append(PageFormat.time(f.since())).append(" to ")
                .append(PageFormat.time(f.until())).append(" UTC, hourly cells · threshold h = ")
                .append(PageFormat.score(e.h())).append(" · <a href=\"")
                .append(Html.link("/api/v1/detector/evidence", p)).append("\">JSON</a> · <a href=\"/feeds/by-country/")
                .append(Html.text(f.cc())).append(".xml\">feed</a> · <a href=\"")
                .append(Html.link("/detector/", Map.of("probe_cc", f.cc(), "domain", f.domain())))
                .append("\">events</a></p>");
        form(b, request, f);
        if (!e.tableExists()) {
            b.append("<p class=\"empty\" id=\"no-data\">No data yet: this store has no measurements table. Load"
                    + " measurements (or run <code>ooni-analysis generate measurements</code>), then"
                    + " <code>detect</code>.</p>");
            return HtmlPage.page(200, "Evidence: no data yet", b.toString());
        }
        if (e.networks().isEmpty()) {
            b.append("<p class=\"empty\" id=\"no-measurements\">No measurements of ").append(Html.text(f.domain()))
                    .append(" in ").append(Html.text(f.cc())).append(" in this period.</p>");
            return HtmlPage.page(200, "Evidence: " + title, b.toString());
        }
        legend(b);
        EvidenceChart chart = new EvidenceChart(f.since(), f.until());
        for (Evidence.Network n : e.networks()) {
            b.append("<section class=\"network\" data-asn=\"").append(n.asn()).append("\"><h2>AS").append(n.asn());
            if (n.asName() != null) {
                b.append(" <span class=\"asname\">").append(Html.text(n.asName())).append("</span>");
            }
            b.append(" <span class=\"detail\">").append(n.measurements()).append(" measurements · <a href=\"/feeds/by-asn/AS")
                    .append(n.asn()).append(".xml\">feed</a></span></h2>");
            n.signals().stream().filter(s -> !s.exact()).findFirst().ifPresent(s -> b.append("<p class=\"note\">")
                    .append("Sums replayed from a fresh start at ").append(PageFormat.time(s.replayFrom()))
                    .append(" (no stored change in the ").append(EvidenceQuery.LOOKBACK.toDays())
                    .append(" days before the window); they may differ slightly from the detector's at first.</p>"));
            for (Evidence.Series s : n.signals()) {
                b.append("<figure><figcaption><b>").append(Html.text(s.signal().label())).append("</b> ")
                        .append(s.points().size()).append(" hours with measurements");
                if (!s.stored().isEmpty()) {
                    b.append(", changes: ").append(s.stored().stream().map(c -> (c.direction() > 0 ? "+1 " : "-1 ")
                            + PageFormat.time(c.ts())).collect(Collectors.joining(", ")));
                }
                b.append("</figcaption>");
                if (s.points().isEmpty()) {
                    b.append("<p class=\"empty\">No measurements for this signal in this period.</p>");
                } else {
                    b.append(chart.svg(n.asn(), s, e.h()));
                }
                if (!s.agrees()) {
                    b.append("<p class=\"note warn\">Replayed with the current settings, the changes would be at ")
                            .append(s.replayed().isEmpty() ? "none" : s.replayed().stream()
                                    .map(c -> (c.direction() > 0 ? "+1 " : "-1 ") + PageFormat.time(c.ts()))
                                    .collect(Collectors.joining(", ")))
                            .append(": the data or the [detector] settings changed since detect ran.</p>");
                }
                b.append("</figure>");
            }
            b.append("</section>");
        }
        return HtmlPage.page(200, "Evidence: " + title, b.toString());
    }

    private static void form(StringBuilder b, Request r, EvidenceFilter f) {
        b.append("<form method=\"get\" action=\"/detector/evidence\" class=\"filters\">");
        field(b, "probe_cc", "Country", f.cc(), "2");
        field(b, "domain", "Domain", f.domain(), "253");
        field(b, "probe_asn", "ASN (else top networks)", r.param("probe_asn"), "12");
        field(b, "networks", "Networks (1-" + EvidenceFilter.MAX_NETWORKS + ")", r.param("networks"), "2");
        field(b, "since", "From (UTC)", PageFormat.formValue(f.since()), "20");
        field(b, "until", "To (UTC)", PageFormat.formValue(f.until()), "20");
        b.append("<button type=\"submit\">Show</button></form>");
    }

    private static void field(StringBuilder b, String name, String label, String value, String maxLength) {
        b.append("<label>").append(Html.text(label)).append(" <input name=\"").append(name).append("\" value=\"")
                .append(Html.text(value == null ? "" : value)).append("\" maxlength=\"").append(maxLength)
                .append("\"></label>");
    }

    private static void legend(StringBuilder b) {
        b.append("<ul class=\"legend\"><li><span class=\"key score\"></span>median score of the hour (0 reachable,"
                + " 1 blocked)</li><li><span class=\"key counts\"></span>measurements in the hour</li>"
                + "<li><span class=\"key spos\"></span>S+ (evidence of blocking)</li><li><span class=\"key sneg\">"
                + "</span>S- (evidence of clearing)</li><li><span class=\"key threshold\"></span>threshold h</li>"
                + "<li><span class=\"key cp up\"></span>blocking started</li><li><span class=\"key cp down\"></span>"
                + "blocking ended</li></ul>");
    }
}
