package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBuilderTest {
    static final Instant T = Instant.parse("2024-01-10T00:00:00Z");

    static Changepoint cp(String cc, long asn, String domain, String signal, int hours, int dir) {
        return new Changepoint(new SeriesKey(cc, asn, domain), T.plusSeconds(3600L * hours), signal, dir, 0, 0, 3.5,
                dir > 0 ? "ok" : "blocked", List.of(1, 1, 1, 1), List.of(0.0, 0.0, 0.0, 0.0), T);
    }

    @Test
    void pairsEachStartWithTheNextEndOfTheSameSeriesAndSignal() {
        List<Event> events = EventBuilder.pair(List.of(
                cp("UG", 1, "t.me", "tcp", 10, -1),          // end with no start: ignored
                cp("UG", 1, "t.me", "tcp", 2, +1),
                cp("UG", 1, "t.me", "tls", 3, +1),            // other signal, still open
                cp("UG", 1, "t.me", "tcp", 5, -1),
                cp("UG", 1, "t.me", "tcp", 20, +1),
                cp("UG", 2, "t.me", "tcp", 4, +1),
                cp("UG", 2, "t.me", "tcp", 6, -1)));
        assertEquals(List.of(
                new Event(new SeriesKey("UG", 1, "t.me"), "tcp", T.plusSeconds(2 * 3600), T.plusSeconds(5 * 3600)),
                new Event(new SeriesKey("UG", 1, "t.me"), "tcp", T.plusSeconds(20 * 3600), null),
                new Event(new SeriesKey("UG", 1, "t.me"), "tls", T.plusSeconds(3 * 3600), null),
                new Event(new SeriesKey("UG", 2, "t.me"), "tcp", T.plusSeconds(4 * 3600), T.plusSeconds(6 * 3600))),
                events);
    }

    @Test
    void groupsSimultaneousEventsOfOneCountryAndDomainAcrossNetworksAndSignals() {
        List<Changepoint> cps = List.of(
                cp("UG", 1, "t.me", "tcp", 0, +1), cp("UG", 1, "t.me", "tcp", 30, -1),
                cp("UG", 2, "t.me", "dns_isp", 4, +1), cp("UG", 2, "t.me", "dns_isp", 40, -1),
                cp("UG", 3, "t.me", "tls", 6, +1),                     // within 6 h of the first start, ongoing
                cp("UG", 3, "t.me", "tcp", 7, +1), cp("UG", 3, "t.me", "tcp", 9, -1), // 7 h: a second alert
                cp("UG", 1, "twitter.com", "tcp", 1, +1),              // other domain
                cp("IR", 1, "t.me", "tcp", 1, +1), cp("IR", 1, "t.me", "tcp", 2, -1)); // other country
        List<Alert> alerts = EventBuilder.alerts(cps, 6);
        assertEquals(4, alerts.size());
        Alert national = alerts.stream().filter(a -> a.cc().equals("UG") && a.domain().equals("t.me")
                && a.start().equals(T)).findFirst().orElseThrow();
        assertEquals(List.of(1L, 2L, 3L), national.asns());
        assertEquals(List.of("dns_isp", "tcp", "tls"), national.signals());
        assertNull(national.end(), "one event still ongoing");
        Alert later = alerts.get(0);
        assertEquals(T.plusSeconds(7 * 3600), later.start(), "newest first");
        assertEquals(T.plusSeconds(9 * 3600), later.end());
        Alert iran = alerts.stream().filter(a -> a.cc().equals("IR")).findFirst().orElseThrow();
        assertEquals(T.plusSeconds(2 * 3600), iran.end());
    }

    @Test
    void filterNarrowsByNetworkAndTimeOverlap() {
        List<Alert> alerts = EventBuilder.alerts(List.of(
                cp("UG", 1, "t.me", "tcp", 0, +1), cp("UG", 1, "t.me", "tcp", 30, -1),
                cp("UG", 2, "t.me", "tcp", 1, +1), cp("UG", 2, "t.me", "tcp", 3, -1)), 6);
        List<Alert> onAs2 = new EventFilter("ug", 2L, null, null, null).apply(alerts);
        assertEquals(1, onAs2.size());
        assertEquals(List.of(2L), onAs2.get(0).asns());
        assertEquals(T.plusSeconds(3 * 3600), onAs2.get(0).end());
        assertEquals(0, new EventFilter(null, 2L, null, T.plusSeconds(4 * 3600), null).apply(alerts).size());
        assertEquals(1, new EventFilter(null, null, "T.ME", T.plusSeconds(4 * 3600), null).apply(alerts).size());
        assertEquals(0, new EventFilter(null, null, null, null, T).apply(alerts).size(), "until is exclusive");
        assertEquals(0, new EventFilter("IR", null, null, null, null).apply(alerts).size());
    }
}
