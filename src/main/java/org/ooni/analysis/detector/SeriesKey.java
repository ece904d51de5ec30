package org.ooni.analysis.detector;

/** A detector series: one country, one network (probe ASN) and one target domain. */
public record SeriesKey(String cc, long asn, String domain) implements Comparable<SeriesKey> {
    @Override
    public int compareTo(SeriesKey o) {
        int c = cc.compareTo(o.cc);
        if (c != 0) {
            return c;
        }
        c = Long.compare(asn, o.asn);
        return c != 0 ? c : domain.compareTo(o.domain);
    }
}
