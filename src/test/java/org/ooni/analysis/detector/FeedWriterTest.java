package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeds written by {@link FeedWriter}, parsed back with Rome. */
class FeedWriterTest {
    @TempDir
    Path dir;

    static SyndFeed parse(Path file) throws Exception {
        try (XmlReader r = new XmlReader(file.toFile())) {
            return new SyndFeedInput().build(r);
        }
    }

    @Test
    void writesGlobalCountryAndNetworkFeedsNewestFirst() throws Exception {
        List<Changepoint> cps = List.of(
                EventBuilderTest.cp("UG", 20294, "twitter.com", "tcp", 0, +1),
                EventBuilderTest.cp("UG", 20294, "twitter.com", "tcp", 30, -1),
                EventBuilderTest.cp("UG", 37075, "twitter.com", "dns_isp", 2, +1),
                EventBuilderTest.cp("IR", 44244, "t.me", "tls", 50, +1));
        FeedSet set = new FeedWriter(DetectorSettings.defaults(), CountryNames.bundled())
                .writeAll(dir, EventBuilder.alerts(cps, 6));
        assertEquals(1 + 2 + 3, set.files());

        SyndFeed global = parse(dir.resolve("global.xml"));
        assertEquals("rss_2.0", global.getFeedType());
        List<String> titles = global.getEntries().stream().map(SyndEntry::getTitle).toList();
        assertEquals(List.of("t.me blocked in Iran (AS44244)", "twitter.com blocked in Uganda (AS20294, AS37075)"),
                titles, "the Uganda alert is ongoing on AS37075, so it has no unblocked item");
        SyndEntry iran = global.getEntries().get(0);
        assertTrue(iran.getLink().startsWith("https://explorer.ooni.org/chart/mat?probe_cc=IR&probe_asn=AS44244"
                + "&input=t.me&test_name=web_connectivity"), iran.getLink());
        assertTrue(iran.getDescription().getValue().contains("Signals: tls"), iran.getDescription().getValue());
        assertTrue(iran.getDescription().getValue().contains("started 2024-01-12T02:00:00Z"));

        SyndFeed as20294 = parse(dir.resolve("by-asn/AS20294.xml"));
        assertEquals(List.of("twitter.com unblocked in Uganda (AS20294)", "twitter.com blocked in Uganda (AS20294)"),
                as20294.getEntries().stream().map(SyndEntry::getTitle).toList());
        assertTrue(as20294.getEntries().get(0).getPublishedDate().after(as20294.getEntries().get(1).getPublishedDate()));
        assertEquals("OONI blocking events in Uganda", parse(dir.resolve("by-country/UG.xml")).getTitle());
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfItems() throws Exception {
        List<Changepoint> cps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cps.add(EventBuilderTest.cp("UG", 1, "d" + i + ".example", "tcp", i, +1));
        }
        DetectorSettings five = new DetectorSettings(null, null, null, null, null, null, null, null, null, null, null,
                null, null, 5, "https://explorer.example/", null);
        new FeedWriter(five, CountryNames.bundled()).writeAll(dir, EventBuilder.alerts(cps, 6));
        SyndFeed global = parse(dir.resolve("global.xml"));
        assertEquals(5, global.getEntries().size());
        assertEquals("d29.example blocked in Uganda (AS1)", global.getEntries().get(0).getTitle());
        assertTrue(global.getEntries().get(0).getLink().startsWith("https://explorer.example/chart/mat?"));
    }

    @Test
    void countryNamesComeFromTheBundledTable() {
        CountryNames names = CountryNames.bundled();
        assertEquals("Uganda", names.name("UG"));
        assertEquals("Kosovo", names.name("XK"));
        assertEquals("QQ", names.name("QQ"));
        assertTrue(names.size() >= 249);
    }
}
