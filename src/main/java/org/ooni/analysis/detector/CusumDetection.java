package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.Set;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.Log;
import org.ooni.analysis.metrics.Metrics;
import org.ooni.analysis.store.Warehouse;

/** One CUSUM run over [from, to): load state, stream cells through the step, write changepoints and state. */
final class CusumDetection {
    private final DetectorSettings settings;
    private final JobContext ctx;
    private final Metrics metrics;

    CusumDetection(DetectorSettings settings, JobContext ctx, Metrics metrics) {
        this.settings = settings;
        this.ctx = ctx;
        this.metrics = metrics;
    }

    /** Returns null when there is nothing to process. */
    DetectionOutcome run(Instant requestedFrom, Instant to) {
        Warehouse wh = ctx.warehouse();
        Log log = ctx.log();
        long t0 = System.nanoTime();
        CusumStates stored = metrics.time("load_state", () -> CusumStore.load(wh));
        ResumePlan plan = ResumePlan.decide(requestedFrom, stored.processedUntil().orElse(null));
        if (!plan.from().isBefore(to)) {
            log.info("detect: state already at " + plan.from() + ", nothing before " + to + " to do");
            return null;
        }
        if (plan.skipped() > 0) {
            log.warn("detect: --from is " + plan.skipped() + " h after the stored state; those hours are skipped");
        }
        CusumStates start = plan.useStored() ? stored : CusumStates.fresh();
        Set<String> watch = WatchList.load(wh, settings, log);
        if (watch.isEmpty()) {
            log.warn("detect: the watch list is empty (no citizenlab GRP/ZZ rows, no [detector] domains):"
                    + " watching every domain");
        }
        log.info("detect: loaded " + start.size() + " states" + (plan.useStored() ? "" : " (fresh start)")
                + ", watching " + watch.size() + " domains, in " + ms(t0) + " ms");

        long t1 = System.nanoTime();
        CusumRun run = new CusumRun(settings.cusumParams(), start, ctx.clock().instant());
        long rows = metrics.time("detect_cells",
                () -> MeasurementReader.readCells(wh, plan.from(), to, watch, run::accept));
        log.info("detect: " + rows + " measurements, " + run.cells() + " cells, " + run.blocked() + " blocked and "
                + run.cleared() + " cleared changes in " + ms(t1) + " ms");

        long kept = 0;
        if (!ctx.dryRun()) {
            long t2 = System.nanoTime();
            kept = metrics.time("write_changepoints", () -> ChangepointStore.rewrite(ctx, false, plan.from(), to,
                    run.changepoints(), DetectorTables.CUSUMS,
                    CusumStore.rows(run.states(), to, settings.stateExpiryDays())));
            wh.writeState(DetectorTables.CUSUM_RESUME_KEY, to.toString());
            log.info("detect: wrote " + run.changepoints().size() + " changepoints (kept " + kept
                    + " outside the range) and " + wh.countRows(DetectorTables.CUSUMS.name()) + " states in "
                    + ms(t2) + " ms");
        }
        return new DetectionOutcome("cusum", plan.from(), to, !plan.useStored(), rows, run.cells(), run.blocked(),
                run.cleared(), ctx.dryRun() ? run.states().size() : wh.countRows(DetectorTables.CUSUMS.name()), kept);
    }

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
