package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.List;

/**
 * An injected blocking episode (ground truth): one series, one signal, [start, end), and the share of affected
 * measurements that show the block ({@code strength}).
 */
public record Episode(SeriesKey series, Signal signal, Instant start, Instant end, double strength) {
    public static final String CSV_HEADER = "probe_cc,probe_asn,domain,signal,start,end,strength";

    public String toCsv() {
        return series.cc() + "," + series.asn() + "," + series.domain() + "," + signal.label() + "," + start + ","
                + end + "," + strength;
    }

    public static Episode fromCsv(String line) {
        List<String> f = List.of(line.split(",", -1));
        return new Episode(new SeriesKey(f.get(0), Long.parseLong(f.get(1)), f.get(2)), Signal.ofLabel(f.get(3)),
                Instant.parse(f.get(4)), Instant.parse(f.get(5)), Double.parseDouble(f.get(6)));
    }

    public boolean covers(long epochSeconds) {
        return epochSeconds >= start.getEpochSecond() && epochSeconds < end.getEpochSecond();
    }
}
