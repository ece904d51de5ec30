package org.ooni.analysis.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.Changepoint;
import org.ooni.analysis.detector.ChangepointStore;
import org.ooni.analysis.detector.DetectorTables;
import org.ooni.analysis.detector.Event;
import org.ooni.analysis.detector.EventBuilder;
import org.ooni.analysis.detector.EventFilter;
import org.ooni.analysis.detector.SeriesKey;

/**
 * The events that {@code /api/v1/detector/events} and the events page both show, so the two always agree: the
 * changepoints before {@code until} matching the filter's series, newest first and at most
 * {@code 10 x max_results} of them, paired and grouped into alerts, filtered by the window, at most
 * {@code max_results} alerts, each with the strength of its evidence.
 */
final class EventsQuery {
    /** The answer: alerts newest first, their evidence in the same order, and whether the store has the table. */
    record Result(List<Alert> alerts, List<EvidenceStrength> strengths, boolean tableExists) {
    }

    /** What identifies the changepoint that started an event. */
    private record Start(SeriesKey series, String blockType, Instant ts) {
    }

    private final StoreReader store;
    private final int maxResults;
    private final int groupWindowHours;

    EventsQuery(StoreReader store, int maxResults, int groupWindowHours) {
        this.store = store;
        this.maxResults = maxResults;
        this.groupWindowHours = groupWindowHours;
    }

    Result run(DetectorFilter f) {
        String table = DetectorTables.CHANGEPOINTS.name();
        List<Object> params = DetectorFilter.params();
        params.add(f.until());
        String sql = "SELECT " + ChangepointsEndpoint.COLUMNS + " FROM " + table
                + " WHERE ts < ?" + f.seriesConditions(params) + " ORDER BY ts DESC LIMIT ?";
        params.add(10L * maxResults);
        List<Changepoint> changepoints = new ArrayList<>();
        boolean exists = store.forEach(table, sql, params, row -> changepoints.add(Changepoint.fromRow(row)));
        changepoints.sort(ChangepointStore.ORDER);
        List<Alert> alerts = new EventFilter(f.cc(), f.asn(), f.domain(), f.since(), f.until())
                .apply(EventBuilder.alerts(changepoints, groupWindowHours));
        alerts = alerts.subList(0, Math.min(maxResults, alerts.size()));
        Map<Start, Changepoint> starts = new HashMap<>();
        for (Changepoint c : changepoints) {
            if (c.direction() > 0) {
                starts.put(new Start(c.series(), c.blockType(), c.ts()), c);
            }
        }
        List<EvidenceStrength> strengths = new ArrayList<>();
        for (Alert a : alerts) {
            List<Changepoint> mine = new ArrayList<>();
            for (Event e : a.events()) {
                Changepoint c = starts.get(new Start(e.series(), e.blockType(), e.start()));
                if (c != null) {
                    mine.add(c);
                }
            }
            strengths.add(EvidenceStrength.of(a, mine));
        }
        return new Result(List.copyOf(alerts), List.copyOf(strengths), exists);
    }
}
