package org.ooni.analysis.detector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.StagedLoad;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Writes a run's changepoints and states with upsert-by-key semantics that work alike on DuckDB and ClickHouse:
 * the run's own staging copy of the changepoint table ({@code event_detector_changepoints_stg_<run id>}, see
 * {@link StagedLoad}) is built from the live rows OUTSIDE the rewritten range [from, to) plus the run's new rows,
 * its staging copy of the state table from the run's states, and both are swapped in together after the run checked
 * that it still holds the detector's lease. A rerun over the same range therefore replaces its rows instead of
 * adding to them, a crash before the swap changes nothing, and overlapping runs never share a staging table.
 * The live rows are copied in 30-day windows so memory stays bounded by one window's changepoints.
 */
public final class ChangepointStore {
    private static final Duration WINDOW = Duration.ofDays(30);
    /** The job whose lease covers these tables; it names the log lines and the staging tables' cleanup. */
    private static final String JOB = "detect";
    private static final String COLUMNS = String.join(", ", DetectorTables.CHANGEPOINTS.columnNames());

    private ChangepointStore() {
    }

    /**
     * Replaces the changepoints of [from, to) of one algorithm ({@code legacy}: the EWMA rows, else the CUSUM
     * rows; the other algorithm's rows are kept) and that algorithm's state rows, in one swap.
     *
     * @return the live changepoints kept (outside the range or of the other algorithm)
     */
    public static long rewrite(JobContext ctx, boolean legacy, Instant from, Instant to, List<Changepoint> fresh,
                               TableSchema stateLive, Iterator<Object[]> stateRows) {
        Warehouse wh = ctx.warehouse();
        wh.createTableIfMissing(DetectorTables.CHANGEPOINTS);
        wh.createTableIfMissing(stateLive);
        List<Changepoint> sorted = new ArrayList<>(fresh);
        sorted.sort(ORDER);
        StagedLoad load = new StagedLoad(ctx, JOB);
        long[] kept = {0};
        load.load(DetectorTables.CHANGEPOINTS, staging -> {
            kept[0] = copyOutside(wh, staging, legacy, from, to);
            return kept[0] + wh.insertRows(staging, sorted.stream().map(Changepoint::toRow).iterator());
        });
        load.load(stateLive, stateRows, row -> row);
        String staged = load.stagingOf(DetectorTables.CHANGEPOINTS) + " and " + load.stagingOf(stateLive);
        load.swap();
        ctx.log().info(JOB + ": swapped " + staged + " into " + DetectorTables.CHANGEPOINTS.name() + " and "
                + stateLive.name());
        return kept[0];
    }

    private static long copyOutside(Warehouse wh, TableSchema staging, boolean legacy, Instant from, Instant to) {
        Instant[] range = {null, null};
        wh.forEachRow("SELECT min(ts), max(ts), count(*) FROM " + DetectorTables.CHANGEPOINTS.name(), r -> {
            if (r.get(0) != null && !r.get(2).equals("0")) {
                range[0] = TextValues.instant(r.get(0));
                range[1] = TextValues.instant(r.get(1));
            }
        });
        if (range[0] == null) {
            return 0;
        }
        long kept = 0;
        for (Instant a = range[0]; !a.isAfter(range[1]); a = a.plus(WINDOW)) {
            List<Object[]> window = new ArrayList<>();
            wh.forEachRow("SELECT " + COLUMNS + " FROM " + DetectorTables.CHANGEPOINTS.name()
                    + " WHERE ts >= " + TextValues.literal(a) + " AND ts < " + TextValues.literal(a.plus(WINDOW))
                    + " AND (ts < " + TextValues.literal(from) + " OR ts >= " + TextValues.literal(to)
                    + " OR block_type " + (legacy ? "<>" : "=") + " '" + Ewma.BLOCK_TYPE + "')",
                    r -> window.add(Changepoint.fromRow(r).toRow()));
            kept += wh.insertRows(staging, window.iterator());
        }
        return kept;
    }

    /** Every stored changepoint, in (cc, asn, domain, block_type, ts) order. */
    public static List<Changepoint> readAll(Warehouse wh) {
        List<Changepoint> all = new ArrayList<>();
        if (!wh.tableExists(DetectorTables.CHANGEPOINTS.name())) {
            return all;
        }
        wh.forEachRow("SELECT " + COLUMNS + " FROM " + DetectorTables.CHANGEPOINTS.name(),
                r -> all.add(Changepoint.fromRow(r)));
        all.sort(ORDER);
        return all;
    }

    /** Key order of the table: series, block type, time. */
    public static final Comparator<Changepoint> ORDER = Comparator.comparing(Changepoint::series)
            .thenComparing(Changepoint::blockType).thenComparing(Changepoint::ts)
            .thenComparingInt(Changepoint::direction);
}
