package org.ooni.analysis.detector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.ooni.analysis.store.TextFormats;

/** Prints alerts for {@code events}: aligned text, a JSON array, or CSV with a header. */
public final class EventsFormatter {
    /** The output formats of {@code events --format}. */
    public enum Format { TEXT, JSON, CSV }

    private static final List<String> CSV_HEADER = List.of("probe_cc", "country", "domain", "start", "end", "ongoing",
            "asns", "signals", "series_events");

    private final CountryNames countries;

    public EventsFormatter(CountryNames countries) {
        this.countries = countries;
    }

    public void print(List<Alert> alerts, Format format, PrintStream out) {
        switch (format) {
            case TEXT -> text(alerts, out);
            case JSON -> json(alerts, out);
            case CSV -> csv(alerts, out);
        }
        out.flush();
    }

    private void text(List<Alert> alerts, PrintStream out) {
        for (Alert a : alerts) {
            out.printf("%-20s  %-20s  %s %-28s %s (%s) [%s] networks: %s%n", a.start(),
                    a.ongoing() ? "ongoing" : a.end().toString(), a.cc(), countries.name(a.cc()), a.domain(),
                    a.events().size() + (a.events().size() == 1 ? " series" : " series"),
                    String.join(",", a.signals()), asns(a, " "));
        }
        out.println(alerts.size() + (alerts.size() == 1 ? " event" : " events"));
    }

    private void json(List<Alert> alerts, PrintStream out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = jsonArray(mapper, alerts);
        try {
            out.println(mapper.writeValueAsString(array));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alerts as the JSON array {@code events --format json} prints (also what the read API serves). */
    public ArrayNode jsonArray(ObjectMapper mapper, List<Alert> alerts) {
        ArrayNode array = mapper.createArrayNode();
        for (Alert a : alerts) {
            ObjectNode o = array.addObject();
            o.put("probe_cc", a.cc());
            o.put("country", countries.name(a.cc()));
            o.put("domain", a.domain());
            o.put("start", a.start().toString());
            if (a.ongoing()) {
                o.putNull("end");
            } else {
                o.put("end", a.end().toString());
            }
            o.put("ongoing", a.ongoing());
            ArrayNode asns = o.putArray("asns");
            a.asns().forEach(asns::add);
            ArrayNode signals = o.putArray("signals");
            a.signals().forEach(signals::add);
            ArrayNode events = o.putArray("events");
            for (Event e : a.events()) {
                ObjectNode eo = events.addObject();
                eo.put("probe_asn", e.series().asn());
                eo.put("signal", e.blockType());
                eo.put("start", e.start().toString());
                if (e.ongoing()) {
                    eo.putNull("end");
                } else {
                    eo.put("end", e.end().toString());
                }
            }
        }
        return array;
    }

    private void csv(List<Alert> alerts, PrintStream out) {
        row(out, CSV_HEADER);
        for (Alert a : alerts) {
            row(out, List.of(a.cc(), countries.name(a.cc()), a.domain(), a.start().toString(),
                    a.ongoing() ? "" : a.end().toString(), String.valueOf(a.ongoing()), asns(a, " "),
                    String.join(" ", a.signals()), String.valueOf(a.events().size())));
        }
    }

    private static String asns(Alert a, String sep) {
        return a.asns().stream().map(n -> "AS" + n).collect(Collectors.joining(sep));
    }

    private static void row(PrintStream out, List<String> values) {
        StringWriter w = new StringWriter();
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                TextFormats.writeCsvField(w, values.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.print(w + "\r\n");
    }
}
