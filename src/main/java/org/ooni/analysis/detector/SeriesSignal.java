package org.ooni.analysis.detector;

/** Key of one CUSUM state: a series and one of its signals. */
public record SeriesSignal(SeriesKey series, Signal signal) {
}
