package org.ooni.analysis.detector;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic {@code analysis_web_measurement} rows with injected blocking episodes, for the demo, the tests and the
 * quality benchmark. Rows come out in (cc, asn, domain, time) order, the order the detector reads, so the benchmark
 * can feed them to the detector without a store. The same spec and seed always give the same rows and episodes.
 *
 * <p>Model: per series and hour a Poisson number of measurements whose mean follows the hour of day (busier in the
 * local evening) and the day of week (quieter at the weekend); some hours have none; about 70% of measurements use
 * the ISP's resolver. A reachable target scores 0 except for occasional noise (a spurious score in [0.5, 1] on one
 * signal). During an episode, each affected measurement scores 1 on the blocked signal with probability
 * {@code strength} ({@code dns_isp} episodes affect only measurements through the ISP resolver).
 */
public final class MeasurementGenerator implements Iterator<SyntheticRow> {
    private static final long HOUR = 3600;
    private static final long[] PUBLIC_RESOLVERS = {15169, 13335};
    private static final Signal[] EPISODE_SIGNALS = {Signal.DNS_ISP, Signal.TCP, Signal.TLS};

    private final GeneratorSpec spec;
    private final List<SeriesKey> series;
    private final Map<SeriesKey, List<Episode>> episodesBySeries;
    private final List<Episode> episodes;
    private final SplittableRandom rnd;
    private final long fromHour;
    private final long toSec;
    private final Deque<SyntheticRow> pending = new ArrayDeque<>();
    private int seriesIndex;
    private long hour;
    private long counter;

    public MeasurementGenerator(GeneratorSpec spec) {
        this.spec = spec;
        this.series = seriesOf(spec);
        this.episodes = planEpisodes(spec, series);
        this.episodesBySeries = new HashMap<>();
        for (Episode e : episodes) {
            episodesBySeries.computeIfAbsent(e.series(), k -> new ArrayList<>()).add(e);
        }
        this.rnd = new SplittableRandom(spec.seed() * 31 + 7);
        this.fromHour = Math.floorDiv(spec.from().getEpochSecond(), HOUR) * HOUR;
        this.toSec = spec.to().getEpochSecond();
        this.hour = fromHour;
    }

    /** The networks are made-up but stable numbers per country. */
    static List<SeriesKey> seriesOf(GeneratorSpec spec) {
        List<SeriesKey> all = new ArrayList<>();
        List<String> ccs = new ArrayList<>(spec.countries());
        Collections.sort(ccs);
        for (int c = 0; c < ccs.size(); c++) {
            List<String> domains = new ArrayList<>(spec.domains());
            Collections.sort(domains);
            for (int a = 0; a < spec.asnsPerCountry(); a++) {
                long asn = 10_000L + 1_000L * (ccs.get(c).charAt(0) - 'A') + 37L * (ccs.get(c).charAt(1) - 'A') + a;
                for (String d : domains) {
                    all.add(new SeriesKey(ccs.get(c), asn, d));
                }
            }
        }
        all.sort(null);
        return all;
    }

    /**
     * Episodes start after a two-day warm-up and end a day before the range does; per series they are separated by
     * at least three days, so each is a distinct thing to detect.
     */
    static List<Episode> planEpisodes(GeneratorSpec spec, List<SeriesKey> series) {
        SplittableRandom r = new SplittableRandom(spec.seed());
        long first = Math.floorDiv(spec.from().getEpochSecond(), HOUR) * HOUR + 48 * HOUR;
        long last = spec.to().getEpochSecond() - 24 * HOUR;
        List<Episode> out = new ArrayList<>();
        if (last - first < 24 * HOUR) {
            return out;
        }
        Map<SeriesKey, List<Episode>> taken = new HashMap<>();
        int attempts = 0;
        int made = 0;
        while (made < spec.episodes() && attempts++ < spec.episodes() * 50) {
            SeriesKey s = series.get(r.nextInt(series.size()));
            Signal signal = EPISODE_SIGNALS[r.nextInt(EPISODE_SIGNALS.length)];
            long start = first + r.nextLong((last - first) / HOUR - 12) * HOUR + r.nextLong(HOUR);
            long duration = (12 + r.nextLong(72)) * HOUR;
            long end = Math.min(start + duration, last);
            double strength = 0.8 + 0.2 * r.nextDouble();
            List<SeriesKey> targets = new ArrayList<>();
            if (r.nextDouble() < spec.nationalShare()) {
                for (SeriesKey k : series) {
                    if (k.cc().equals(s.cc()) && k.domain().equals(s.domain())) {
                        targets.add(k);
                    }
                }
            } else {
                targets.add(s);
            }
            boolean free = targets.stream().allMatch(k -> taken.getOrDefault(k, List.of()).stream().allMatch(
                    e -> end + 72 * HOUR <= e.start().getEpochSecond() || start >= e.end().getEpochSecond() + 72 * HOUR));
            if (!free) {
                continue;
            }
            for (SeriesKey k : targets) {
                Episode e = new Episode(k, signal, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), strength);
                out.add(e);
                taken.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
            made++;
        }
        out.sort(java.util.Comparator.comparing(Episode::series).thenComparing(Episode::start));
        return out;
    }

    public List<Episode> episodes() {
        return episodes;
    }

    public List<SeriesKey> series() {
        return series;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty()) {
            if (seriesIndex >= series.size()) {
                return false;
            }
            generateHour(series.get(seriesIndex), hour);
            hour += HOUR;
            if (hour >= toSec) {
                hour = fromHour;
                seriesIndex++;
            }
        }
        return true;
    }

    @Override
    public SyntheticRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    private void generateHour(SeriesKey s, long h) {
        if (rnd.nextDouble() < spec.missingHours()) {
            return;
        }
        int n = poisson(spec.ratePerHour() * activity(h));
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = h + rnd.nextLong(HOUR);
        }
        java.util.Arrays.sort(times);
        List<Episode> eps = episodesBySeries.getOrDefault(s, List.of());
        for (long t : times) {
            if (t < spec.from().getEpochSecond() || t >= toSec) {
                continue;
            }
            boolean viaIsp = rnd.nextDouble() < 0.7;
            long resolver = viaIsp ? s.asn() : PUBLIC_RESOLVERS[rnd.nextInt(PUBLIC_RESOLVERS.length)];
            float[] score = new float[3];
            if (rnd.nextDouble() < spec.noise()) {
                score[rnd.nextInt(3)] = (float) (0.5 + 0.5 * rnd.nextDouble());
            }
            for (Episode e : eps) {
                if (e.covers(t) && (e.signal() != Signal.DNS_ISP || viaIsp) && rnd.nextDouble() < e.strength()) {
                    score[e.signal() == Signal.DNS_ISP ? 0 : e.signal() == Signal.TCP ? 1 : 2] = 1f;
                }
            }
            counter++;
            pending.add(new SyntheticRow(uid(t, s.cc()), t, s.cc(), s.asn(), resolver, s.domain(), score[0], score[1],
                    score[2]));
        }
    }

    /** Relative measurement activity: a daily cycle peaking in the evening, quieter weekends. Mean about 1. */
    static double activity(long epochSeconds) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
        double daily = 1 + 0.6 * Math.sin(2 * Math.PI * (t.getHour() - 12) / 24.0);
        DayOfWeek d = t.getDayOfWeek();
        double weekly = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? 0.8 : 1.08;
        return daily * weekly;
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = rnd.nextDouble();
        while (p > l) {
            k++;
            p *= rnd.nextDouble();
        }
        return k;
    }

    private String uid(long t, String cc) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(48).append(d.getYear());
        pad2(b, d.getMonthValue());
        pad2(b, d.getDayOfMonth());
        pad2(b, d.getHour());
        pad2(b, d.getMinute());
        pad2(b, d.getSecond());
        String seq = Long.toString(counter % 1_000_000);
        b.append('.').append("000000", seq.length(), 6).append(seq);
        return b.append('_').append(cc).append("_webconnectivity_")
                .append(Long.toHexString(rnd.nextLong() & 0xffffffffffffL)).toString();
    }

    private static void pad2(StringBuilder b, int v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
