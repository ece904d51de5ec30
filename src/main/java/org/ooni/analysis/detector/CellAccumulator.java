package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the rows of one (series, hour) group and reduces them to a {@link Cell}. Reused from group to group
 * ({@link #reset}) so building cells allocates little beyond the cells themselves.
 */
public final class CellAccumulator {
    private double[] dnsIsp = new double[16];
    private double[] dnsOther = new double[16];
    private double[] tcp = new double[16];
    private double[] tls = new double[16];
    private int nIsp;
    private int nOther;
    private int n;

    public void reset() {
        nIsp = 0;
        nOther = 0;
        n = 0;
    }

    public boolean isEmpty() {
        return n == 0;
    }

    /** Adds one measurement row of the group. */
    public void add(long probeAsn, long resolverAsn, double dnsBlocked, double tcpBlocked, double tlsBlocked) {
        if (n == tcp.length) {
            tcp = Arrays.copyOf(tcp, n * 2);
            tls = Arrays.copyOf(tls, n * 2);
        }
        tcp[n] = tcpBlocked;
        tls[n] = tlsBlocked;
        n++;
        if (resolverAsn == probeAsn) {
            if (nIsp == dnsIsp.length) {
                dnsIsp = Arrays.copyOf(dnsIsp, nIsp * 2);
            }
            dnsIsp[nIsp++] = dnsBlocked;
        } else {
            if (nOther == dnsOther.length) {
                dnsOther = Arrays.copyOf(dnsOther, nOther * 2);
            }
            dnsOther[nOther++] = dnsBlocked;
        }
    }

    public Cell build(SeriesKey series, Instant hour) {
        return new Cell(series, hour, List.of(value(dnsIsp, nIsp), value(dnsOther, nOther), value(tcp, n),
                value(tls, n)));
    }

    private static SignalValue value(double[] values, int count) {
        return count == 0 ? SignalValue.EMPTY : new SignalValue(Median.ofFirst(values, count), count);
    }
}
