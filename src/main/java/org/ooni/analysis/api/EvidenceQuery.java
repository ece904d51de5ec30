package org.ooni.analysis.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.detector.Cell;
import org.ooni.analysis.detector.CellAssembler;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.Crossing;
import org.ooni.analysis.detector.Cusum;
import org.ooni.analysis.detector.CusumParams;
import org.ooni.analysis.detector.CusumState;
import org.ooni.analysis.detector.DetectorTables;
import org.ooni.analysis.detector.Phase;
import org.ooni.analysis.detector.Signal;
import org.ooni.analysis.detector.SignalValue;
import org.ooni.analysis.detector.TextValues;

/**
 * Reads the evidence of one country and domain: the top networks by measurements in the window, their stored
 * changepoints, and their measurements turned into cells exactly as {@code detect} does; then replays the CUSUM
 * over the cells. The replay of a signal starts right after its last stored change before the window, where the
 * detector's state is known exactly (phase set, sums zero); without one in the {@link #LOOKBACK} it starts fresh
 * that far back, a warm-up that settles within hours on clean data (exact too when the network has no earlier
 * measurement). Reads are bounded by the window plus the
 * lookback and by the filter's network count; measurement rows are streamed into cells, never held.
 */
final class EvidenceQuery {
    static final Duration LOOKBACK = Duration.ofDays(14);
    static final long MAX_CHANGEPOINTS = 10_000;
    private static final String MEASUREMENTS = DetectorTables.MEASUREMENTS.name();
    private static final String CHANGEPOINTS = DetectorTables.CHANGEPOINTS.name();

    private final StoreReader store;
    private final CusumParams params;

    EvidenceQuery(StoreReader store, CusumParams params) {
        this.store = store;
        this.params = params;
    }

    Evidence run(EvidenceFilter f) {
        List<Object> p = new ArrayList<>(List.of(f.cc(), f.domain(), f.since(), f.until()));
        String one = "";
        if (f.asn() != null) {
            one = " AND probe_asn = ?";
            p.add(f.asn());
        }
        p.add((long) (f.asn() != null ? 1 : f.networks()));
        List<long[]> top = new ArrayList<>();
        boolean exists = store.forEach(MEASUREMENTS, "SELECT probe_asn, count(*) AS n FROM " + MEASUREMENTS
                + " WHERE probe_cc = ? AND domain = ? AND measurement_start_time >= ? AND measurement_start_time < ?"
                + one + " GROUP BY probe_asn ORDER BY n DESC, probe_asn LIMIT ?", p,
                r -> top.add(new long[] {Long.parseLong(r.get(0)), Long.parseLong(r.get(1))}));
        if (top.isEmpty()) {
            return new Evidence(f, params.h(), exists, List.of());
        }
        String in = " AND probe_asn IN (" + String.join(", ", top.stream().map(t -> "?").toList()) + ")";
        List<Long> asns = top.stream().map(t -> t[0]).toList();
        Map<Long, Map<Signal, List<Changepoint>>> changes = changepoints(f, in, asns);

        // a fresh replay is exact too when it starts before the network's first measurement
        Map<Long, Instant> first = new HashMap<>();
        List<Object> fp = new ArrayList<>(List.of(f.cc(), f.domain()));
        fp.addAll(asns);
        store.forEach(MEASUREMENTS, "SELECT probe_asn, min(measurement_start_time) FROM " + MEASUREMENTS
                + " WHERE probe_cc = ? AND domain = ?" + in + " GROUP BY probe_asn", fp,
                r -> first.put(Long.parseLong(r.get(0)), TextValues.instant(r.get(1))));

        // per network and signal: the replay's start state and time
        Map<Long, Map<Signal, Replay>> replays = new HashMap<>();
        Instant readFrom = f.since();
        for (long asn : asns) {
            Map<Signal, Replay> bySignal = new EnumMap<>(Signal.class);
            for (Signal s : Signal.values()) {
                Changepoint last = null;
                for (Changepoint c : changes.get(asn).get(s)) {
                    if (c.ts().isBefore(f.since())) {
                        last = c;
                    }
                }
                Instant fresh = f.since().minus(LOOKBACK);
                Replay r = last == null ? new Replay(new CusumState(), fresh, !first.get(asn).isBefore(fresh))
                        : new Replay(new CusumState(last.direction() > 0 ? Phase.BLOCKED : Phase.OK, 0, 0,
                                last.direction(), last.ts().getEpochSecond()), last.ts().plusSeconds(3600), true);
                bySignal.put(s, r);
                readFrom = r.from.isBefore(readFrom) ? r.from : readFrom;
            }
            replays.put(asn, bySignal);
        }

        Cusum cusum = new Cusum(params);
        List<Object> mp = new ArrayList<>(List.of(f.cc(), f.domain(), readFrom, f.until()));
        mp.addAll(asns);
        CellAssembler assembler = new CellAssembler(cell -> step(cusum, cell, replays.get(cell.series().asn()), f));
        store.forEach(MEASUREMENTS, "SELECT probe_cc, probe_asn, domain, measurement_start_time, resolver_asn,"
                + " dns_blocked, tcp_blocked, tls_blocked FROM " + MEASUREMENTS
                + " WHERE probe_cc = ? AND domain = ? AND measurement_start_time >= ? AND measurement_start_time < ?"
                + in + " ORDER BY probe_cc, probe_asn, domain, measurement_start_time", mp,
                r -> assembler.add(r.get(0), Long.parseLong(r.get(1)), r.get(2), TextValues.epochSeconds(r.get(3)),
                        Long.parseLong(r.get(4)), TextValues.toDouble(r.get(5)), TextValues.toDouble(r.get(6)),
                        TextValues.toDouble(r.get(7))));
        assembler.flush();

        List<Evidence.Network> networks = new ArrayList<>();
        for (long[] t : top) {
            List<Evidence.Series> series = new ArrayList<>();
            for (Signal s : Signal.values()) {
                Replay r = replays.get(t[0]).get(s);
                List<Changepoint> stored = changes.get(t[0]).get(s).stream()
                        .filter(c -> !c.ts().isBefore(f.since())).toList();
                series.add(new Evidence.Series(s, r.points, stored, r.crossings, r.from, r.exact));
            }
            networks.add(new Evidence.Network(t[0], asName(t[0]), t[1], series));
        }
        return new Evidence(f, params.h(), true, networks);
    }

    /** The stored CUSUM changepoints of the networks from the lookback to the window's end, per network and signal. */
    private Map<Long, Map<Signal, List<Changepoint>>> changepoints(EvidenceFilter f, String in, List<Long> asns) {
        Map<Long, Map<Signal, List<Changepoint>>> out = new HashMap<>();
        for (long asn : asns) {
            Map<Signal, List<Changepoint>> bySignal = new EnumMap<>(Signal.class);
            for (Signal s : Signal.values()) {
                bySignal.put(s, new ArrayList<>());
            }
            out.put(asn, bySignal);
        }
        List<Object> p = new ArrayList<>(List.of(f.cc(), f.domain(), f.since().minus(LOOKBACK), f.until()));
        p.addAll(asns);
        p.add(MAX_CHANGEPOINTS);
        store.forEach(CHANGEPOINTS, "SELECT " + ChangepointsEndpoint.COLUMNS + " FROM " + CHANGEPOINTS
                + " WHERE probe_cc = ? AND domain = ? AND ts >= ? AND ts < ?" + in
                + " ORDER BY probe_asn, block_type, ts DESC LIMIT ?", p, r -> {
                    Changepoint c = Changepoint.fromRow(r);
                    Signal s = Signal.ofLabel(c.blockType());
                    if (s != null) {
                        out.get(c.series().asn()).get(s).add(c);
                    }
                });
        out.values().forEach(m -> m.values().forEach(l -> l.sort((a, b) -> a.ts().compareTo(b.ts()))));
        return out;
    }

    private String asName(long asn) {
        List<List<String>> rows = store.rows(AsnMetaTable.LIVE.name(), AsnMetaEndpoint.SQL, List.of(asn));
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    private static void step(Cusum cusum, Cell cell, Map<Signal, Replay> replays, EvidenceFilter f) {
        long ts = cell.hour().getEpochSecond();
        boolean shown = !cell.hour().isBefore(f.since());
        for (Signal s : Signal.values()) {
            Replay r = replays.get(s);
            SignalValue v = cell.signal(s);
            if (v.w() == 0 || cell.hour().isBefore(r.from)) {
                continue;
            }
            Crossing c = cusum.step(r.state, ts, v.y(), v.w());
            if (!shown) {
                continue;
            }
            // at a crossing the step resets the sums; the chart shows them as they were when they crossed
            double sPos = c == null ? r.state.sPos() : c.sPos();
            double sNeg = c == null ? r.state.sNeg() : c.sNeg();
            r.points.add(new Evidence.Point(cell.hour(), v.y(), v.w(), sPos, sNeg, c == null ? r.state.phase() : c.before()));
            if (c != null) {
                r.crossings.add(new Evidence.Change(cell.hour(), c.direction()));
            }
        }
    }

    /** The replay of one network and signal: its state, where it starts, and what it produced in the window. */
    private static final class Replay {
        final CusumState state;
        final Instant from;
        final boolean exact;
        final List<Evidence.Point> points = new ArrayList<>();
        final List<Evidence.Change> crossings = new ArrayList<>();

        Replay(CusumState state, Instant from, boolean exact) {
            this.state = state;
            this.from = from;
            this.exact = exact;
        }
    }
}
