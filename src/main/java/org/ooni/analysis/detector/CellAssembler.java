package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Turns measurement rows sorted by (cc, asn, domain, time) into cells, one group at a time, so memory holds one
 * cell's rows whatever the input size. Rows out of that order are a programming error of the query.
 */
public final class CellAssembler {
    private final Consumer<Cell> out;
    private final CellAccumulator acc = new CellAccumulator();
    private SeriesKey series;
    private long hour = Long.MIN_VALUE;

    public CellAssembler(Consumer<Cell> out) {
        this.out = out;
    }

    public void add(String cc, long asn, String domain, long epochSeconds, long resolverAsn, double dns, double tcp,
                    double tls) {
        long h = Math.floorDiv(epochSeconds, 3600) * 3600;
        if (series == null || h != hour || asn != series.asn() || !domain.equals(series.domain())
                || !cc.equals(series.cc())) {
            flush();
            if (series == null || asn != series.asn() || !domain.equals(series.domain()) || !cc.equals(series.cc())) {
                series = new SeriesKey(cc, asn, domain);
            }
            hour = h;
        }
        acc.add(asn, resolverAsn, dns, tcp, tls);
    }

    /** Emits the cell in progress; call once after the last row. */
    public void flush() {
        if (!acc.isEmpty()) {
            out.accept(acc.build(series, Instant.ofEpochSecond(hour)));
            acc.reset();
        }
    }
}
