package org.ooni.analysis.detector;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Simultaneous events of one (country, domain) across networks and signals, reported as one alert so one national
 * block does not raise hundreds. {@code end} is null while any of its events is ongoing, else the latest end.
 */
public record Alert(String cc, String domain, Instant start, Instant end, List<Event> events) {
    public Alert {
        events = List.copyOf(events);
    }

    static Alert of(List<Event> events) {
        Event first = events.get(0);
        Instant start = events.stream().map(Event::start).min(Instant::compareTo).orElseThrow();
        Instant end = events.stream().anyMatch(Event::ongoing) ? null
                : events.stream().map(Event::end).max(Instant::compareTo).orElseThrow();
        return new Alert(first.series().cc(), first.series().domain(), start, end, events);
    }

    public boolean ongoing() {
        return end == null;
    }

    public List<Long> asns() {
        return List.copyOf(new TreeSet<>(events.stream().map(e -> e.series().asn()).toList()));
    }

    public List<String> signals() {
        return List.copyOf(new TreeSet<>(events.stream().map(Event::blockType).toList()));
    }

    /** The same alert seen from one network only, or null when that network has no event in it. */
    public Alert restrictedTo(long asn) {
        List<Event> mine = events.stream().filter(e -> e.series().asn() == asn).toList();
        return mine.isEmpty() ? null : Alert.of(mine);
    }

    /** Whether the alert overlaps [since, until); either bound may be null for open. */
    public boolean overlaps(Instant since, Instant until) {
        boolean startsBefore = until == null || start.isBefore(until);
        boolean endsAfter = since == null || end == null || !end.isBefore(since);
        return startsBefore && endsAfter;
    }
}
