package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.Event;
import org.ooni.analysis.detector.Phase;
import org.ooni.analysis.detector.SeriesKey;
import org.ooni.analysis.detector.Signal;

/** The pure parts of the detector's pages: escaping, links, the chart's markers and geometry, evidence strength. */
class DetectorPageUnitsTest {
    private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");

    @Test
    void textEscapesMarkupQuotesAndControlCharacters() {
        assertEquals("&lt;script&gt;a&amp;b&quot;c&#39;d?e", Html.text("<script>a&b\"c'd\u0001e"));
        assertEquals("plain.example", Html.text("plain.example"));
    }

    @Test
    void linksEncodeValuesAndSkipEmptyOnes() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("domain", "a&b=<c>");
        p.put("probe_asn", null);
        p.put("since", "");
        p.put("probe_cc", "UG");
        assertEquals("/x?domain=a%26b%3D%3Cc%3E&amp;probe_cc=UG", Html.link("/x", p));
        assertEquals("/x", Html.link("/x", Map.of()));
    }

    private static Changepoint change(Instant ts, int dir) {
        return new Changepoint(new SeriesKey("UG", 1, "t.me"), ts, "tcp", dir, dir > 0 ? 3.6 : 0, dir < 0 ? 3.6 : 0,
                3.5, dir > 0 ? "ok" : "blocked", List.of(0, 0, 10, 10), List.of(Double.NaN, Double.NaN, 0.9, 0.0), T);
    }

    @Test
    void chartMarksEveryStoredChangeAndBreaksTheLineAtGaps() {
        List<Evidence.Point> points = List.of(
                new Evidence.Point(T, 0, 5, 0, 0, Phase.OK),
                new Evidence.Point(T.plusSeconds(3600), 1, 10, 99, 0, Phase.OK),
                new Evidence.Point(T.plusSeconds(5 * 3600), 1, 10, 0, 0, Phase.BLOCKED));
        Evidence.Series s = new Evidence.Series(Signal.TCP, points, List.of(change(T.plusSeconds(3600), 1),
                change(T.plusSeconds(5 * 3600), -1)), List.of(), T, true);
        String svg = new EvidenceChart(T, T.plus(Duration.ofDays(1))).svg(7, s, 3.5);
        Matcher m = Pattern.compile("<line class=\"cp (up|down)\" data-ts=\"([^\"]+)\" data-dir=\"(-?1)\" x1=\"([0-9.]+)\"")
                .matcher(svg);
        assertTrue(m.find());
        assertEquals(List.of("up", "2024-03-01T01:00:00Z", "1"), List.of(m.group(1), m.group(2), m.group(3)));
        // the middle of the second hour of 24 on a 668-wide plot starting at x = 44
        assertEquals(44 + 668 * 1.5 / 24, Double.parseDouble(m.group(4)), 0.01);
        assertTrue(m.find());
        assertEquals("down", m.group(1));
        assertFalse(m.find());
        Matcher score = Pattern.compile("<path class=\"score\" d=\"([^\"]*)\"").matcher(svg);
        assertTrue(score.find());
        assertEquals(2, score.group(1).chars().filter(c -> c == 'M').count(), "a new segment after the 3-hour gap");
        assertTrue(svg.contains("data-asn=\"7\" data-signal=\"tcp\""));
        // the sums panel scales to the largest sum, so a sum far above h reaches the top and stays inside
        Matcher sums = Pattern.compile("<path class=\"spos\" d=\"M[0-9.]+ [0-9.]+l0 0L[0-9.]+ ([0-9.]+)").matcher(svg);
        assertTrue(sums.find());
        assertEquals(100, Double.parseDouble(sums.group(1)), 0.01);
    }

    @Test
    void chartNumbersHaveAtMostTwoDecimals() {
        assertEquals(List.of("0", "1.5", "-0.05", "3.5", "12.34", "0", "100"), List.of(EvidenceChart.num(0),
                EvidenceChart.num(1.5), EvidenceChart.num(-0.05), EvidenceChart.num(3.499999), EvidenceChart.num(12.3449),
                EvidenceChart.num(Double.NaN), EvidenceChart.num(99.999)));
    }

    @Test
    void strengthCountsSeriesNetworksAndTheDetectingHours() {
        SeriesKey a = new SeriesKey("UG", 1, "t.me");
        Alert alert = new Alert("UG", "t.me", T, null, List.of(new Event(a, "tcp", T, null)));
        EvidenceStrength s = EvidenceStrength.of(alert, List.of(change(T, 1)));
        assertEquals(new EvidenceStrength(1, 1, 0.9, 10), s);
        assertEquals("moderate", s.level());
        assertEquals("strong", new EvidenceStrength(1, 1, 0.9, 20).level());
        assertEquals("strong", new EvidenceStrength(3, 2, 0.5, 3).level());
        assertEquals("weak", new EvidenceStrength(1, 1, 0.5, 3).level());
    }
}
