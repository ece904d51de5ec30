package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/**
 * One run of the legacy EWMA detector over {@code fastpath} rows of [from, to), per (probe_cc, test_name, input).
 * Changepoints go to the shared table with {@code block_type = 'ewma'}, {@code probe_asn = 0}, {@code domain} =
 * the input, {@code s_pos} = the mean after the sample and {@code s_neg} = the sample; timestamps in the future are
 * clamped to now.
 */
final class EwmaDetection {
    private final DetectorSettings settings;
    private final JobContext ctx;
    private final Metrics metrics;

    EwmaDetection(DetectorSettings settings, JobContext ctx, Metrics metrics) {
        this.settings = settings;
        this.ctx = ctx;
        this.metrics = metrics;
    }

    /** The key of one EWMA stream. */
    record Stream(String cc, String testName, String input) {
    }

    DetectionOutcome run(Instant requestedFrom, Instant to) {
        Warehouse wh = ctx.warehouse();
        Log log = ctx.log();
        Map<Stream, EwmaState> stored = new HashMap<>();
        Instant storedUntil = metrics.time("load_state", () -> load(wh, stored));
        ResumePlan plan = ResumePlan.decide(requestedFrom, storedUntil);
        if (!plan.from().isBefore(to)) {
            log.info("detect: ewma state already at " + plan.from() + ", nothing to do");
            return null;
        }
        Map<Stream, EwmaState> states = plan.useStored() ? stored : new HashMap<>();
        Ewma ewma = new Ewma(settings.ewmaParams());
        Instant now = ctx.clock().instant();
        long nowSec = now.getEpochSecond();
        List<Changepoint> found = new ArrayList<>();
        long[] counts = new long[3];
        long t1 = System.nanoTime();
        metrics.time("detect_cells", () -> {
            wh.forEachRow("SELECT probe_cc, test_name, input, measurement_start_time, blocking_general FROM "
                    + DetectorTables.FASTPATH.name() + " WHERE measurement_start_time >= " + TextValues.literal(plan.from())
                    + " AND measurement_start_time < " + TextValues.literal(to)
                    + " ORDER BY probe_cc, test_name, input, measurement_start_time", r -> {
                        counts[0]++;
                        Stream key = new Stream(r.get(0), r.get(1), r.get(2));
                        long ts = Math.min(TextValues.epochSeconds(r.get(3)), nowSec);
                        double x = TextValues.toDouble(r.get(4));
                        EwmaState s = states.computeIfAbsent(key, k -> new EwmaState());
                        int dir = ewma.step(s, ts, x);
                        if (dir != 0) {
                            counts[dir > 0 ? 1 : 2]++;
                            found.add(new Changepoint(new SeriesKey(key.cc(), 0, key.input()), Instant.ofEpochSecond(ts),
                                    Ewma.BLOCK_TYPE, dir, s.mean(), x, dir > 0 ? ewma.blockAbove() : ewma.clearBelow(),
                                    dir > 0 ? Phase.OK.label() : Phase.BLOCKED.label(), List.of(0, 0, 0, 0),
                                    List.of(Double.NaN, Double.NaN, Double.NaN, Double.NaN), now));
                        }
                    });
            return null;
        });
        log.info("detect: ewma read " + counts[0] + " measurements, " + counts[1] + " blocked and " + counts[2]
                + " cleared changes in " + CusumDetection.ms(t1) + " ms");
        long kept = 0;
        if (!ctx.dryRun()) {
            kept = metrics.time("write_changepoints", () -> ChangepointStore.rewrite(ctx, true, plan.from(), to, found,
                    DetectorTables.EWMA_STATE, states.entrySet().stream()
                            .map(e -> new Object[] {e.getKey().cc(), e.getKey().testName(), e.getKey().input(),
                                e.getValue().mean(), e.getValue().blocked() ? 1 : 0,
                                Instant.ofEpochSecond(e.getValue().lastTs()), to}).iterator()));
            wh.writeState(DetectorTables.EWMA_RESUME_KEY, to.toString());
        }
        return new DetectionOutcome("ewma", plan.from(), to, !plan.useStored(), counts[0], counts[0], counts[1],
                counts[2], states.size(), kept);
    }

    private static Instant load(Warehouse wh, Map<Stream, EwmaState> into) {
        Instant[] until = {null};
        if (wh.tableExists(DetectorTables.EWMA_STATE.name())) {
            wh.forEachRow("SELECT " + String.join(", ", DetectorTables.EWMA_STATE.columnNames()) + " FROM "
                    + DetectorTables.EWMA_STATE.name(), r -> {
                        into.put(new Stream(r.get(0), r.get(1), r.get(2)), new EwmaState(TextValues.toDouble(r.get(3)),
                                !r.get(4).equals("0"), TextValues.epochSeconds(r.get(5))));
                        until[0] = TextValues.instant(r.get(6));
                    });
        }
        if (until[0] == null) {
            Optional<String> key = wh.readState(DetectorTables.EWMA_RESUME_KEY);
            until[0] = key.filter(k -> !k.isBlank()).map(Instant::parse).orElse(null);
        }
        return until[0];
    }
}
