package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ooni.analysis.backup.BackupSetup;
import org.ooni.analysis.backup.ObjectStore;
import org.ooni.analysis.backup.RestoreJob;
import org.ooni.analysis.config.AnalysisConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restore TABLE}: recreate a table from a backup run, checking every chunk (see docs/backup.md). */
@Command(name = "restore", description = "Restore a table from its last (or a named) backup run, checking each chunk.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table that was backed up.")
    String table;

    @Option(names = "--into", paramLabel = "NEW_TABLE", description = "Restore under another name (absent or empty).")
    String into;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "A run id from 'backups list' (default: the last complete run).")
    String run;

    @Option(names = "--destination", paramLabel = "NAME", description = "Destination to read (default: the table's).")
    String destination;

    @Option(names = "--legacy-config", paramLabel = "FILE", description = "The original tool's JSON configuration.")
    Path legacyConfig;

    @Override
    public Integer call() {
        AnalysisConfig config = AnalysisConfig.load(root.global.config);
        BackupSetup setup = BackupSetup.load(config, legacyConfig, root.env.variables());
        try (ObjectStore objects = setup.destinations().apply(setup.destinationOf(table, destination));
             JobRuntime runtime = new JobRuntime(root.global, root.env, config, setup.legacyDbUrl(), false)) {
            runtime.run(new RestoreJob(objects, table, into, run), false);
            return ExitCodes.OK;
        }
    }
}
