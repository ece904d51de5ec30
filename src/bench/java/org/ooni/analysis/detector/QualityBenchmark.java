package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Detection quality over many generated scenarios, for both algorithms and several {@code edd} values: recall
 * (episodes with a matching blocking alert), precision (blocking alerts that match an episode) and the detection
 * delay in hours (median, 90th percentile). Rows go from the generator straight into the detectors, no store.
 * An alert is a +1 change of a series; it matches an episode of the same series when it falls in
 * [episode start hour, episode end + 24 h). The delay runs from the episode start to the end of the cell (CUSUM)
 * or the measurement (EWMA) that crossed.
 *
 * <pre>bin/bench detector.QualityBenchmark [SCENARIOS] [RATES]</pre>
 */
public final class QualityBenchmark {
    private static final long H = 3600;

    private QualityBenchmark() {
    }

    /** Totals of one (algorithm, parameter, rate) line. */
    static final class Tally {
        long episodes;
        long detected;
        long alerts;
        long matched;
        final List<Double> delays = new ArrayList<>();
    }

    public static void main(String[] args) {
        int scenarios = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double[] rates = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble)
                .toArray() : new double[] {2, 5, 10};
        double[] edds = {5, 10, 15};
        System.out.println("| algorithm | edd | rate/h | episodes | recall | precision | delay median h | delay p90 h |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double rate : rates) {
            Map<String, Tally> tallies = new java.util.LinkedHashMap<>();
            for (int k = 0; k < scenarios; k++) {
                GeneratorSpec spec = new GeneratorSpec(Instant.parse("2024-01-01T00:00:00Z"),
                        Instant.parse("2024-01-31T00:00:00Z"), List.of("UG", "IR", "RU"), 2,
                        List.of("twitter.com", "t.me", "www.youtube.com"), rate, 0.02, 0.03, 6, 0.3, 1000 + k);
                List<SyntheticRow> rows = new ArrayList<>();
                MeasurementGenerator gen = new MeasurementGenerator(spec);
                gen.forEachRemaining(rows::add);
                for (double edd : edds) {
                    CusumRun run = new CusumRun(CusumParams.DEFAULTS.withEdd(edd), CusumStates.fresh(), Instant.EPOCH);
                    CellAssembler cells = new CellAssembler(run::accept);
                    for (SyntheticRow r : rows) {
                        cells.add(r.cc(), r.asn(), r.domain(), r.epochSeconds(), r.resolverAsn(), r.dns(), r.tcp(), r.tls());
                    }
                    cells.flush();
                    List<long[]> alerts = new ArrayList<>();
                    for (Changepoint c : run.changepoints()) {
                        if (c.direction() > 0) {
                            alerts.add(new long[] {index(gen, c.series()), c.ts().getEpochSecond() + H});
                        }
                    }
                    score(tallies.computeIfAbsent("cusum|" + (int) edd, x -> new Tally()), gen, alerts);
                }
                score(tallies.computeIfAbsent("ewma|-", x -> new Tally()), gen, ewmaAlerts(gen, rows));
            }
            for (Map.Entry<String, Tally> e : tallies.entrySet()) {
                Tally t = e.getValue();
                String[] key = e.getKey().split("\\|");
                System.out.printf("| %s | %s | %.0f | %d | %.3f | %.3f | %.1f | %.1f |%n", key[0], key[1], rate,
                        t.episodes, ratio(t.detected, t.episodes), ratio(t.matched, t.alerts),
                        percentile(t.delays, 0.5), percentile(t.delays, 0.9));
            }
        }
    }

    private static long index(MeasurementGenerator gen, SeriesKey s) {
        return gen.series().indexOf(s);
    }

    private static List<long[]> ewmaAlerts(MeasurementGenerator gen, List<SyntheticRow> rows) {
        Ewma ewma = new Ewma(EwmaParams.DEFAULTS);
        Map<SeriesKey, EwmaState> states = new HashMap<>();
        List<long[]> alerts = new ArrayList<>();
        for (SyntheticRow r : rows) {
            SeriesKey k = new SeriesKey(r.cc(), r.asn(), r.domain());
            double x = Math.max(r.dns(), Math.max(r.tcp(), r.tls()));
            if (ewma.step(states.computeIfAbsent(k, z -> new EwmaState()), r.epochSeconds(), x) > 0) {
                alerts.add(new long[] {index(gen, k), r.epochSeconds()});
            }
        }
        return alerts;
    }

    private static void score(Tally t, MeasurementGenerator gen, List<long[]> alerts) {
        t.alerts += alerts.size();
        boolean[] used = new boolean[alerts.size()];
        for (Episode e : gen.episodes()) {
            t.episodes++;
            long idx = index(gen, e.series());
            long lo = e.start().getEpochSecond() / H * H;
            long hi = e.end().getEpochSecond() + 24 * H;
            Long first = null;
            for (int i = 0; i < alerts.size(); i++) {
                long[] a = alerts.get(i);
                if (a[0] == idx && a[1] > lo && a[1] <= hi + H) {
                    used[i] = true;
                    first = first == null ? a[1] : Math.min(first, a[1]);
                }
            }
            if (first != null) {
                t.detected++;
                t.delays.add((first - e.start().getEpochSecond()) / 3600.0);
            }
        }
        for (boolean u : used) {
            t.matched += u ? 1 : 0;
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        double[] a = sorted.stream().mapToDouble(Double::doubleValue).toArray();
        double pos = (a.length - 1) * p;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, a.length - 1);
        return a[lo] + (a[hi] - a[lo]) * (pos - lo);
    }
}
