package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ooni.analysis.backup.BackupJob;
import org.ooni.analysis.backup.BackupSetup;
import org.ooni.analysis.config.AnalysisConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backup}: export every table by its {@code [backup]} policy to S3 (see docs/backup.md). */
@Command(name = "backup", description = "Back up and export tables to S3 by the [backup] policy (resumable, incremental).")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--legacy-config", paramLabel = "FILE",
            description = "The original tool's JSON configuration instead of [backup] (its clickhouse_url is the default --db).")
    Path legacyConfig;

    @Override
    public Integer call() {
        AnalysisConfig config = AnalysisConfig.load(root.global.config);
        BackupSetup setup = BackupSetup.load(config, legacyConfig, root.env.variables());
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, config, setup.legacyDbUrl(), false)) {
            runtime.run(new BackupJob(setup.plan(), setup.destinations(), setup.origin(), VersionProvider.version(),
                    BackupJob.realSleeper()), false);
            return ExitCodes.OK;
        }
    }
}
