package org.ooni.analysis.cli;

import java.util.concurrent.Callable;
import org.ooni.analysis.store.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code query SQL}: a read-only query on the configured store, printed as TSV (or CSV) with a header. */
@Command(name = "query", description = "Run a read-only SQL query on the store and print the result with a header.")
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(paramLabel = "SQL", description = "The query (the store is opened read-only).")
    String sql;

    @Option(names = "--format", defaultValue = "tsv", description = "tsv (default) or csv.")
    QueryFormat format;

    /** The result formats of {@code query}, each a header line and rows. */
    enum QueryFormat {
        TSV(OutputFormat.TSV_WITH_NAMES), CSV(OutputFormat.CSV_WITH_NAMES);

        final OutputFormat output;

        QueryFormat(OutputFormat output) {
            this.output = output;
        }
    }

    @Override
    public Integer call() throws java.io.IOException {
        OutputFormat out = format.output;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            // Operators read this output: FixedString padding is noise to them (ClickHouse only pads in TSV).
            java.io.OutputStream sink = out == OutputFormat.TSV_WITH_NAMES
                    ? new java.io.BufferedOutputStream(new TsvPaddingTrimmer(root.env.out()), 1 << 16) : root.env.out();
            runtime.warehouse().streamQuery(sql, out, sink);
            sink.flush();
            return ExitCodes.OK;
        }
    }
}
