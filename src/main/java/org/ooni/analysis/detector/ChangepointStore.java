package org.ooni.analysis.detector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * Writes a run's changepoints and states with upsert-by-key semantics that work alike on DuckDB and ClickHouse:
 * the next changepoint table is built from the live rows OUTSIDE the rewritten range [from, to) plus the run's new
 * rows, the next state table from the run's states, and both are swapped in together. A rerun over the same range
 * therefore replaces its rows instead of adding to them, and a crash before the swap changes nothing.
 * The live rows are copied in 30-day windows so memory stays bounded by one window's changepoints.
 */
public final class ChangepointStore {
    private static final Duration WINDOW = Duration.ofDays(30);
    private static final String COLUMNS = String.join(", ", DetectorTables.CHANGEPOINTS.columnNames());

    private ChangepointStore() {
    }

    /**
     * Replaces the changepoints of [from, to) of one algorithm ({@code legacy}: the EWMA rows, else the CUSUM
     * rows; the other algorithm's rows are kept) and that algorithm's state rows, in one swap.
     */
    public static long rewrite(Warehouse wh, boolean legacy, Instant from, Instant to, List<Changepoint> fresh,
                               TableSchema stateLive, TableSchema stateNext, Iterator<Object[]> stateRows) {
        wh.createTableIfMissing(DetectorTables.CHANGEPOINTS);
        wh.createTableIfMissing(stateLive);
        wh.recreateTable(DetectorTables.CHANGEPOINTS_NEXT);
        long kept = copyOutside(wh, legacy, from, to);
        List<Changepoint> sorted = new ArrayList<>(fresh);
        sorted.sort(ORDER);
        wh.insertRows(DetectorTables.CHANGEPOINTS_NEXT, sorted.stream().map(Changepoint::toRow).iterator());
        wh.recreateTable(stateNext);
        wh.insertRows(stateNext, stateRows);
        wh.swap(List.of(new SwapPair(DetectorTables.CHANGEPOINTS_NEXT.name(), DetectorTables.CHANGEPOINTS.name()),
                new SwapPair(stateNext.name(), stateLive.name())));
        return kept;
    }

    private static long copyOutside(Warehouse wh, boolean legacy, Instant from, Instant to) {
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
            kept += wh.insertRows(DetectorTables.CHANGEPOINTS_NEXT, window.iterator());
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
