package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.UsageError;

/** EWMA step, resume plan, follower loop, text values, watch list helpers, generator determinism. */
class SmallUnitsTest {
    @Test
    void ewmaFirstSampleDecidesAtOnceThenHysteresis() {
        Ewma ewma = new Ewma(EwmaParams.DEFAULTS);
        EwmaState s = new EwmaState();
        assertEquals(+1, ewma.step(s, 0, 0.5), "first sample above 0.10 emits blocked at once");
        assertEquals(0.5, s.mean());
        int steps = 0;
        int dir = 0;
        while (dir == 0) {
            dir = ewma.step(s, ++steps, 0.0);
        }
        assertEquals(-1, dir);
        assertTrue(s.mean() < 0.05);
        assertEquals(Math.log(0.05 / 0.5) / Math.log(0.98), steps, 1.0);
        EwmaState quiet = new EwmaState();
        assertEquals(0, ewma.step(quiet, 0, 0.10), "0.10 is not above 0.10");
        assertEquals(0, ewma.step(quiet, 1, 0.0));
        assertEquals(0.98 * 0.10, quiet.mean());
        assertEquals(+1, ewma.step(quiet, 2, 1.0), "ok -> blocked once the mean rises above 0.10");
        assertEquals(0.98 * (0.98 * 0.10) + 0.02 * 1.0, quiet.mean());
    }

    @Test
    void resumePlanRules() {
        Instant a = Instant.parse("2024-01-01T00:00:00Z");
        Instant b = Instant.parse("2024-01-02T00:00:00Z");
        assertEquals(new ResumePlan(b, true, 0), ResumePlan.decide(null, b));
        assertEquals(new ResumePlan(b, true, 0), ResumePlan.decide(b, b));
        assertEquals(new ResumePlan(b, true, 24), ResumePlan.decide(b, a));
        assertEquals(new ResumePlan(a, false, 0), ResumePlan.decide(a, b), "a rewind starts fresh");
        assertEquals(new ResumePlan(a, false, 0), ResumePlan.decide(a, null));
        UsageError e = assertThrows(UsageError.class, () -> ResumePlan.decide(null, null));
        assertTrue(e.getMessage().contains("give --from"));
    }

    @Test
    void followerSleepsUntilTheNextHourPlusSettleBetweenIterations() {
        Instant[] now = {Instant.parse("2024-01-01T10:20:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<Duration> sleeps = new ArrayList<>();
        List<Instant> runs = new ArrayList<>();
        long done = new Follower(clock, d -> {
            sleeps.add(d);
            now[0] = now[0].plus(d);
        }, Duration.ofMinutes(5)).run(3, () -> runs.add(now[0]));
        assertEquals(3, done);
        assertEquals(List.of(Duration.ofMinutes(45), Duration.ofMinutes(60)), sleeps);
        assertEquals(List.of(Instant.parse("2024-01-01T10:20:00Z"), Instant.parse("2024-01-01T11:05:00Z"),
                Instant.parse("2024-01-01T12:05:00Z")), runs);
    }

    @Test
    void followerStopsWhenInterrupted() {
        long done = new Follower(Clock.systemUTC(), d -> {
            throw new InterruptedException();
        }, Duration.ZERO).run(0, () -> { });
        assertEquals(1, done);
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
    }

    @Test
    void textValues() {
        assertEquals(1704067200L + 3723, TextValues.epochSeconds("2024-01-01 01:02:03"));
        assertEquals(1704067200L + 3723, TextValues.epochSeconds("2024-01-01T01:02:03.500000"));
        assertTrue(Double.isNaN(TextValues.toDouble("nan")));
        assertEquals(0.375, TextValues.toDouble("0.375"));
        assertEquals("'2024-01-01 01:02:03'", TextValues.literal(Instant.parse("2024-01-01T01:02:03Z")));
        assertThrows(IllegalArgumentException.class, () -> TextValues.epochSeconds("2024-01-01"));
    }

    @Test
    void watchListHelpers() {
        assertEquals("ZZ", WatchList.trimNul("ZZ\0\0\0"));
        assertTrue(WatchList.isHost("www.example.com"));
        assertFalse(WatchList.isHost("x'; DROP TABLE t; --"));
        assertFalse(WatchList.isHost("a\\b"));
    }

    @Test
    void generatorIsDeterministicSortedAndInjectsItsEpisodes() {
        GeneratorSpec spec = new GeneratorSpec(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-09T00:00:00Z"), List.of("UG", "IR"), 2, List.of("t.me", "twitter.com"), 5, 0.02,
                0.03, 3, 0.5, 9);
        MeasurementGenerator a = new MeasurementGenerator(spec);
        MeasurementGenerator b = new MeasurementGenerator(spec);
        List<SyntheticRow> rows = new ArrayList<>();
        a.forEachRemaining(rows::add);
        List<SyntheticRow> again = new ArrayList<>();
        b.forEachRemaining(again::add);
        assertEquals(rows, again);
        assertEquals(a.episodes(), b.episodes());
        assertFalse(a.episodes().isEmpty());
        for (int i = 1; i < rows.size(); i++) {
            SyntheticRow p = rows.get(i - 1);
            SyntheticRow r = rows.get(i);
            int c = new SeriesKey(p.cc(), p.asn(), p.domain()).compareTo(new SeriesKey(r.cc(), r.asn(), r.domain()));
            assertTrue(c < 0 || (c == 0 && p.epochSeconds() <= r.epochSeconds()), "sorted at row " + i);
        }
        double perSeriesHour = rows.size() / (8.0 * 24 * spec.series());
        assertTrue(perSeriesHour > 4 && perSeriesHour < 6, "rate about 5: " + perSeriesHour);
        Episode e = a.episodes().get(0);
        long blockedInEpisode = rows.stream().filter(r -> new SeriesKey(r.cc(), r.asn(), r.domain()).equals(e.series())
                && e.covers(r.epochSeconds()) && score(r, e.signal()) == 1f).count();
        long inEpisode = rows.stream().filter(r -> new SeriesKey(r.cc(), r.asn(), r.domain()).equals(e.series())
                && e.covers(r.epochSeconds())).count();
        assertTrue(blockedInEpisode > inEpisode / 2, blockedInEpisode + " of " + inEpisode);
    }

    private static float score(SyntheticRow r, Signal s) {
        return switch (s) {
            case DNS_ISP, DNS_OTHER -> r.dns();
            case TCP -> r.tcp();
            case TLS -> r.tls();
        };
    }
}
