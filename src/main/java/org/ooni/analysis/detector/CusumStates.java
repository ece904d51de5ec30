package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CUSUM states of every series and signal at one point in time ({@code processedUntil}, exclusive): what a run
 * starts from and hands on to the next.
 */
public final class CusumStates {
    private final Map<SeriesSignal, CusumState> states;
    private final Instant processedUntil;

    public CusumStates(Map<SeriesSignal, CusumState> states, Instant processedUntil) {
        this.states = states;
        this.processedUntil = processedUntil;
    }

    /** No series seen yet: the start of a fresh run. */
    public static CusumStates fresh() {
        return new CusumStates(new HashMap<>(), null);
    }

    public Optional<Instant> processedUntil() {
        return Optional.ofNullable(processedUntil);
    }

    /** The state of a series and signal, created as a new series on first use. */
    public CusumState of(SeriesKey series, Signal signal) {
        return states.computeIfAbsent(new SeriesSignal(series, signal), k -> new CusumState());
    }

    public Map<SeriesSignal, CusumState> all() {
        return states;
    }

    public int size() {
        return states.size();
    }
}
