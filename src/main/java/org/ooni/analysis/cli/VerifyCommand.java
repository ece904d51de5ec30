package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.backup.BackupSetup;
import org.ooni.analysis.backup.ObjectStore;
import org.ooni.analysis.backup.VerifyJob;
import org.ooni.analysis.config.AnalysisConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code verify [TABLE]}: compare the last manifests with their objects and the live tables. */
@Command(name = "verify", description = "Check the last backup of each table (or one) against S3 and the live table.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", description = "Only this table.")
    String table;

    @Option(names = "--legacy-config", paramLabel = "FILE", description = "The original tool's JSON configuration.")
    Path legacyConfig;

    @Override
    public Integer call() {
        AnalysisConfig config = AnalysisConfig.load(root.global.config);
        BackupSetup setup = BackupSetup.load(config, legacyConfig, root.env.variables());
        List<ObjectStore> stores = new ArrayList<>();
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, config, setup.legacyDbUrl(), false)) {
            for (String name : setup.plan().destinations().keySet()) {
                stores.add(setup.destinations().apply(name));
            }
            runtime.run(new VerifyJob(stores, table), false);
            return ExitCodes.OK;
        } finally {
            stores.forEach(ObjectStore::close);
        }
    }
}
