package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.ooni.analysis.store.Warehouse;

/**
 * Reads {@code analysis_web_measurement} rows of a time range with ONE query, sorted by (cc, asn, domain, time), and
 * streams them into cells. The medians are computed here rather than in SQL because DuckDB's
 * {@code quantile_cont} and ClickHouse's quantile family disagree (and ClickHouse 18.16 lacks the interpolating
 * exact one); sorting by series and time keeps memory at one cell's rows.
 */
public final class MeasurementReader {
    private MeasurementReader() {
    }

    /** The query for [from, to) over the watched domains (every domain when {@code domains} is empty). */
    static String query(Instant from, Instant to, Set<String> domains) {
        return "SELECT probe_cc, probe_asn, domain, measurement_start_time, resolver_asn, dns_blocked, tcp_blocked,"
                + " tls_blocked FROM " + DetectorTables.MEASUREMENTS.name()
                + " WHERE measurement_start_time >= " + TextValues.literal(from)
                + " AND measurement_start_time < " + TextValues.literal(to)
                + (domains.isEmpty() ? "" : " AND domain IN (" + WatchList.inList(domains) + ")")
                + " ORDER BY probe_cc, probe_asn, domain, measurement_start_time";
    }

    /** Streams the cells of [from, to) to {@code cells}; returns the number of measurement rows read. */
    public static long readCells(Warehouse wh, Instant from, Instant to, Set<String> domains, Consumer<Cell> cells) {
        CellAssembler assembler = new CellAssembler(cells);
        long[] rows = {0};
        wh.forEachRow(query(from, to, domains), r -> {
            rows[0]++;
            assembler.add(r.get(0), Long.parseLong(r.get(1)), r.get(2), TextValues.epochSeconds(r.get(3)),
                    Long.parseLong(r.get(4)), TextValues.toDouble(r.get(5)), TextValues.toDouble(r.get(6)),
                    TextValues.toDouble(r.get(7)));
        });
        assembler.flush();
        return rows[0];
    }
}
