package org.ooni.analysis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.AnalysisException;
import org.ooni.analysis.error.Redact;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.job.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code update}: refreshes reference tables; one subcommand per updater plus {@code all}. */
@Command(name = "update", description = "Refresh reference data (test lists, fingerprints, ASN metadata, GeoIP).",
        subcommands = {UpdateCitizenLabCommand.class, UpdateFingerprintsCommand.class, UpdateAsnMetaCommand.class,
                UpdateGeoIpCommand.class, UpdateAllCommand.class})
final class UpdateCommand {
    @ParentCommand
    RootCommand root;

    /**
     * Runs the named updaters in order from the configuration, continuing past a failed one; returns 0 when all
     * succeeded, else the exit code of the first failure.
     */
    static int runUpdaters(List<String> names, GlobalOptions global, Environment env, boolean force) {
        int exit = ExitCodes.OK;
        List<String> failed = new ArrayList<>();
        try (JobRuntime runtime = new JobRuntime(global, env, false)) {
            Map<String, Function<AnalysisConfig, Job>> catalog = JobCatalog.updaters();
            for (String name : names) {
                Function<AnalysisConfig, Job> factory = catalog.get(name);
                if (factory == null) {
                    throw new UsageError("no updater named '" + name + "' in this version (have " + catalog.keySet() + ")");
                }
                try {
                    runtime.run(factory.apply(runtime.config()), force);
                } catch (AnalysisException e) {
                    if (global.verbose) {
                        Main.printTrace(e, env.err());
                    }
                    env.err().println("error: " + name + ": " + e.kind() + ": " + Redact.line(e.getMessage()));
                    failed.add(name);
                    if (exit == ExitCodes.OK) {
                        exit = e.exitCode();
                    }
                }
            }
            if (!failed.isEmpty() && names.size() > 1) {
                runtime.log().error("failed updaters: " + String.join(", ", failed));
            }
        }
        return exit;
    }
}
