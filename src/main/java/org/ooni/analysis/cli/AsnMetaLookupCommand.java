package org.ooni.analysis.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.ooni.analysis.asnmeta.AsnLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code asnmeta lookup ASN [--date YYYY-MM-DD]}: print the organisation holding the ASN on that day, or Unknown. */
@Command(name = "lookup", description = "Print the organisation name of ASN valid at a date (latest entry changed "
        + "on or before it), or 'Unknown'.")
final class AsnMetaLookupCommand implements Callable<Integer> {
    @ParentCommand
    AsnMetaCommand parent;

    @Parameters(paramLabel = "ASN", description = "The ASN, e.g. 13335 or AS13335.")
    String asn;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day to answer for (default today, UTC).")
    String date;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        long number = AsnLookup.parseAsn(asn);
        LocalDate day = date == null ? LocalDate.now(root.env.clock()) : AsnLookup.parseDate(date);
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            String name = new AsnLookup(runtime.warehouse()).orgNameAt(number, day).orElse(AsnLookup.UNKNOWN);
            root.env.out().println(name);
            root.env.out().flush();
            return ExitCodes.OK;
        }
    }
}
