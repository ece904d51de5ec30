package org.ooni.analysis.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.detector.Alert;
import org.ooni.analysis.detector.ChangepointStore;
import org.ooni.analysis.detector.CountryNames;
import org.ooni.analysis.detector.DetectorSettings;
import org.ooni.analysis.detector.EventBuilder;
import org.ooni.analysis.detector.EventFilter;
import org.ooni.analysis.detector.EventsFormatter;
import org.ooni.analysis.error.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code events}: list detected blocking events, grouped into alerts, newest first. */
@Command(name = "events", description = "List detected blocking events (grouped per country and domain), newest first.")
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--cc", paramLabel = "CC", description = "Only this country (two-letter code).")
    String cc;

    @Option(names = "--asn", paramLabel = "N", description = "Only this network (with or without the AS prefix).")
    String asn;

    @Option(names = "--domain", paramLabel = "D", description = "Only this domain.")
    String domain;

    @Option(names = "--since", paramLabel = "T", description = "Only events still going on at or after T.")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Only events that started before T.")
    String until;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json or csv.")
    EventsFormatter.Format format;

    @Override
    public Integer call() {
        EventFilter filter = new EventFilter(cc, parseAsn(asn), domain, TimeOption.parse("--since", since),
                TimeOption.parse("--until", until));
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            DetectorSettings settings = runtime.config().section("detector", DetectorSettings.class);
            List<Alert> alerts = filter.apply(EventBuilder.alerts(ChangepointStore.readAll(runtime.warehouse()),
                    settings.groupWindowHours()));
            new EventsFormatter(CountryNames.bundled()).print(alerts, format, root.env.out());
            return ExitCodes.OK;
        }
    }

    private static Long parseAsn(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.regionMatches(true, 0, "AS", 0, 2) ? value.substring(2) : value;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new UsageError("--asn must be a number such as 20294 or AS20294, not '" + value + "'");
        }
    }
}
