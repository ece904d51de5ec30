package org.ooni.analysis.detector;

import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ooni.analysis.error.StoreError;

/**
 * Writes the RSS 2.0 feeds of the alerts: {@code global.xml}, {@code by-country/<CC>.xml} and
 * {@code by-asn/AS<asn>.xml}, newest items first, at most {@code feed_max_items} each. An alert gives a "blocked"
 * item at its start and, once it ended, an "unblocked" item at its end. Each file is written to a temporary file in
 * the same folder and renamed over the old one, so a reader never sees half a feed.
 */
public final class FeedWriter {
    private static final int ASNS_IN_TITLE = 3;
    private final DetectorSettings settings;
    private final CountryNames countries;

    public FeedWriter(DetectorSettings settings, CountryNames countries) {
        this.settings = settings;
        this.countries = countries;
    }

    /** One feed item before rendering: when it happened and what it says. */
    record Entry(Instant at, boolean blocked, Alert alert) {
    }

    public FeedSet writeAll(Path dir, List<Alert> alerts) {
        List<Entry> all = entries(alerts);
        int files = 0;
        long items = 0;
        items += write(dir.resolve("global.xml"), "OONI blocking events", "Blocking detected worldwide", all);
        files++;
        Map<String, List<Alert>> byCc = new TreeMap<>(alerts.stream().collect(Collectors.groupingBy(Alert::cc)));
        for (Map.Entry<String, List<Alert>> e : byCc.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9]{1,8}")) {
                continue;
            }
            items += write(dir.resolve("by-country").resolve(e.getKey() + ".xml"),
                    "OONI blocking events in " + countries.name(e.getKey()),
                    "Blocking detected in " + countries.name(e.getKey()), entries(e.getValue()));
            files++;
        }
        Map<Long, List<Alert>> byAsn = new TreeMap<>();
        for (Alert a : alerts) {
            for (long asn : a.asns()) {
                byAsn.computeIfAbsent(asn, k -> new ArrayList<>()).add(a.restrictedTo(asn));
            }
        }
        for (Map.Entry<Long, List<Alert>> e : byAsn.entrySet()) {
            items += write(dir.resolve("by-asn").resolve("AS" + e.getKey() + ".xml"),
                    "OONI blocking events on AS" + e.getKey(), "Blocking detected on network AS" + e.getKey(),
                    entries(e.getValue()));
            files++;
        }
        return new FeedSet(files, items);
    }

    private List<Entry> entries(List<Alert> alerts) {
        List<Entry> list = new ArrayList<>();
        for (Alert a : alerts) {
            list.add(new Entry(a.start(), true, a));
            if (!a.ongoing()) {
                list.add(new Entry(a.end(), false, a));
            }
        }
        list.sort(Comparator.comparing(Entry::at).reversed().thenComparing(e -> e.alert().cc())
                .thenComparing(e -> e.alert().domain()));
        return list.size() > settings.feedMaxItems() ? list.subList(0, settings.feedMaxItems()) : list;
    }

    private int write(Path file, String title, String description, List<Entry> entries) {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(title);
        channel.setDescription(description);
        channel.setLink(settings.explorerBaseUrl());
        channel.setItems(entries.stream().map(this::item).toList());
        if (!entries.isEmpty()) {
            channel.setLastBuildDate(Date.from(entries.get(0).at()));
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    new WireFeedOutput().output(channel, w);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write feed " + file, e);
        } catch (FeedException e) {
            throw new StoreError("cannot render feed " + file + ": " + e.getMessage(), e);
        }
        return entries.size();
    }

    Item item(Entry e) {
        Alert a = e.alert();
        Item item = new Item();
        item.setTitle(title(a, e.blocked()));
        item.setLink(link(a));
        item.setPubDate(Date.from(e.at()));
        Guid guid = new Guid();
        guid.setPermaLink(false);
        guid.setValue(a.cc() + "/" + a.domain() + "/" + a.start() + "/" + (e.blocked() ? "blocked" : "unblocked")
                + "/" + a.asns().stream().map(String::valueOf).collect(Collectors.joining("+")));
        item.setGuid(guid);
        Description d = new Description();
        d.setType("text/plain");
        d.setValue("Blocking of " + a.domain() + " in " + countries.name(a.cc()) + " started " + a.start()
                + (a.ongoing() ? " and is ongoing" : " and ended " + a.end()) + ". Signals: "
                + String.join(", ", a.signals()) + ". Networks: " + asList(a.asns(), Integer.MAX_VALUE) + ".");
        item.setDescription(d);
        return item;
    }

    String title(Alert a, boolean blocked) {
        return a.domain() + (blocked ? " blocked in " : " unblocked in ") + countries.name(a.cc()) + " ("
                + asList(a.asns(), ASNS_IN_TITLE) + ")";
    }

    /** The explorer chart of the domain in that country (and network, when only one) around the event. */
    String link(Alert a) {
        LocalDate since = LocalDate.ofInstant(a.start().minus(3, ChronoUnit.DAYS), ZoneOffset.UTC);
        Instant last = a.ongoing() ? a.start() : a.end();
        LocalDate until = LocalDate.ofInstant(last.plus(3, ChronoUnit.DAYS), ZoneOffset.UTC);
        String base = settings.explorerBaseUrl().replaceAll("/+$", "");
        return base + "/chart/mat?probe_cc=" + a.cc() + (a.asns().size() == 1 ? "&probe_asn=AS" + a.asns().get(0) : "")
                + "&input=" + java.net.URLEncoder.encode(a.domain(), StandardCharsets.UTF_8)
                + "&test_name=web_connectivity&axis_x=measurement_start_day&since=" + since + "&until=" + until;
    }

    private static String asList(List<Long> asns, int max) {
        String shown = asns.stream().limit(max).map(n -> "AS" + n).collect(Collectors.joining(", "));
        return asns.size() > max ? shown + " +" + (asns.size() - max) + " more" : shown;
    }
}
