package org.ooni.analysis.api;

import java.time.Instant;
import java.util.List;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.Phase;
import org.ooni.analysis.detector.Signal;

/**
 * What the detector saw for one country and domain over a window, per network and signal: the hourly cells, the
 * CUSUM sums replayed over them, and the stored changepoints. Read by {@link EvidenceQuery}, drawn by
 * {@link EvidencePage}, served as JSON by {@link EvidenceEndpoint}.
 *
 * @param tableExists false when the store has no measurements table yet ("no data yet")
 */
record Evidence(EvidenceFilter filter, double h, boolean tableExists, List<Network> networks) {
    Evidence {
        networks = List.copyOf(networks);
    }

    /** One network: its measurements in the window and its four signals. */
    record Network(long asn, String asName, long measurements, List<Series> signals) {
        Network {
            signals = List.copyOf(signals);
        }
    }

    /**
     * One signal of one network: the cells with a non-zero weight in the window, the changepoints stored for it in
     * the window, the changes the replay found there (equal to the stored ones unless the data or the settings
     * changed since {@code detect} ran), and where the replay started: right after the last stored change before
     * the window ({@code exact}), else a warm-up from a fresh state.
     */
    record Series(Signal signal, List<Point> points, List<Changepoint> stored, List<Change> replayed,
                  Instant replayFrom, boolean exact) {
        Series {
            points = List.copyOf(points);
            stored = List.copyOf(stored);
            replayed = List.copyOf(replayed);
        }

        boolean agrees() {
            return replayed.equals(stored.stream().map(c -> new Change(c.ts(), c.direction())).toList());
        }
    }

    /** One hourly cell of one signal: median score, measurements, and the sums after the CUSUM step. */
    record Point(Instant hour, double y, int w, double sPos, double sNeg, Phase phase) {
    }

    /** A change at an hour: +1 blocking started, -1 ended. */
    record Change(Instant ts, int direction) {
    }
}
