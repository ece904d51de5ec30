package org.ooni.analysis.detector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Pairs changepoints into events and groups simultaneous events of one (country, domain) into alerts. */
public final class EventBuilder {
    private EventBuilder() {
    }

    /**
     * Pairs each +1 with the next -1 of the same series and signal. A +1 while one is open, or a -1 with none open
     * (a series first seen already blocked), starts or ends nothing.
     */
    public static List<Event> pair(List<Changepoint> changepoints) {
        List<Changepoint> sorted = new ArrayList<>(changepoints);
        sorted.sort(ChangepointStore.ORDER);
        List<Event> events = new ArrayList<>();
        Changepoint open = null;
        for (Changepoint c : sorted) {
            if (open != null && !(open.series().equals(c.series()) && open.blockType().equals(c.blockType()))) {
                events.add(new Event(open.series(), open.blockType(), open.ts(), null));
                open = null;
            }
            if (c.direction() > 0 && open == null) {
                open = c;
            } else if (c.direction() < 0 && open != null) {
                events.add(new Event(open.series(), open.blockType(), open.ts(), c.ts()));
                open = null;
            }
        }
        if (open != null) {
            events.add(new Event(open.series(), open.blockType(), open.ts(), null));
        }
        return events;
    }

    /**
     * Groups events of one (cc, domain) whose starts lie within {@code windowHours} of the group's first start,
     * across networks and signals. Alerts come out newest first.
     */
    public static List<Alert> group(List<Event> events, int windowHours) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing((Event e) -> e.series().cc()).thenComparing(e -> e.series().domain())
                .thenComparing(Event::start).thenComparing(Event::series).thenComparing(Event::blockType));
        Duration window = Duration.ofHours(windowHours);
        List<Alert> alerts = new ArrayList<>();
        List<Event> current = new ArrayList<>();
        for (Event e : sorted) {
            if (!current.isEmpty()) {
                Event first = current.get(0);
                boolean same = Objects.equals(first.series().cc(), e.series().cc())
                        && Objects.equals(first.series().domain(), e.series().domain())
                        && !e.start().isAfter(first.start().plus(window));
                if (!same) {
                    alerts.add(Alert.of(current));
                    current = new ArrayList<>();
                }
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            alerts.add(Alert.of(current));
        }
        alerts.sort(Comparator.comparing(Alert::start).reversed().thenComparing(Alert::cc).thenComparing(Alert::domain));
        return alerts;
    }

    public static List<Alert> alerts(List<Changepoint> changepoints, int windowHours) {
        return group(pair(changepoints), windowHours);
    }
}
