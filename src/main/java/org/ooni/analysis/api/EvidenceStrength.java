package org.ooni.analysis.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.Signal;

/**
 * How strong an alert's evidence is, from the changepoints that started its events: how many series (network and
 * signal) changed, in how many networks, and in the hours that tipped them the median score and the measurements
 * it was taken over. {@link #level()} is "strong" when several series agree or one is near-certain on many
 * measurements, "weak" when the detecting hours had few measurements or a middling score.
 */
record EvidenceStrength(int series, int networks, double medianScore, long measurements) {
    static final int MANY_SERIES = 3;
    static final double HIGH_SCORE = 0.8;
    static final long MANY_MEASUREMENTS = 20;

    static EvidenceStrength of(Alert alert, List<Changepoint> starts) {
        double lowest = Double.NaN;
        long measurements = 0;
        for (Changepoint c : starts) {
            Signal s = Signal.ofLabel(c.blockType());
            if (s == null) {
                continue; // the legacy EWMA rows carry no per-signal counts
            }
            double m = c.medians().get(s.ordinal());
            lowest = Double.isNaN(lowest) ? m : Math.min(lowest, m);
            measurements += c.counts().get(s.ordinal());
        }
        return new EvidenceStrength(alert.events().size(), alert.asns().size(), lowest, measurements);
    }

    String level() {
        if (series >= MANY_SERIES || (medianScore >= HIGH_SCORE && measurements >= MANY_MEASUREMENTS)) {
            return "strong";
        }
        return medianScore >= HIGH_SCORE || measurements >= MANY_MEASUREMENTS ? "moderate" : "weak";
    }

    /** Adds {@code "evidence": {...}} to an event's JSON object. */
    void addTo(ObjectNode event) {
        ObjectNode o = event.putObject("evidence");
        o.put("level", level()).put("series", series).put("networks", networks).put("measurements", measurements);
        if (Double.isNaN(medianScore)) {
            o.putNull("median_score");
        } else {
            o.put("median_score", medianScore);
        }
    }
}
