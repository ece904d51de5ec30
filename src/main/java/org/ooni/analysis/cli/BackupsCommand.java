package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.ooni.analysis.backup.BackupCatalog;
import org.ooni.analysis.backup.BackupSetup;
import org.ooni.analysis.backup.ObjectStore;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backups list|prune}: the runs kept in the destinations. */
@Command(name = "backups", description = "List or prune backup runs.",
        subcommands = {BackupsCommand.ListRuns.class, BackupsCommand.Prune.class})
final class BackupsCommand {
    @ParentCommand
    RootCommand root;

    @Option(names = "--legacy-config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The original tool's JSON configuration.")
    Path legacyConfig;

    <T> T withDestinations(Function<Map<String, ObjectStore>, T> action) {
        BackupSetup setup = BackupSetup.load(AnalysisConfig.load(root.global.config), legacyConfig, root.env.variables());
        Map<String, ObjectStore> stores = new TreeMap<>();
        try {
            for (String name : setup.plan().destinations().keySet()) {
                stores.put(name, setup.destinations().apply(name));
            }
            return action.apply(stores);
        } finally {
            stores.values().forEach(ObjectStore::close);
        }
    }

    int print(List<String> lines) {
        lines.forEach(root.env.out()::println);
        root.env.out().flush();
        return ExitCodes.OK;
    }

    /** {@code backups list}. */
    @Command(name = "list", description = "Show runs per table and destination, with sizes and states.")
    static final class ListRuns implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        BackupsCommand parent;

        @Override
        public Integer call() {
            return parent.print(parent.withDestinations(BackupCatalog::list));
        }
    }

    /** {@code backups prune}. */
    @Command(name = "prune", description = "Delete old runs, never one a kept incremental run still uses.")
    static final class Prune implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        BackupsCommand parent;

        @Option(names = "--keep", paramLabel = "N", description = "Keep the N newest complete runs per table.")
        Integer keep;

        @Option(names = "--older-than", paramLabel = "DAYS", description = "Delete runs at least DAYS old.")
        Integer olderThan;

        @Override
        public Integer call() {
            if (keep == null && olderThan == null) {
                throw new UsageError("backups prune needs --keep N and/or --older-than DAYS");
            }
            if ((keep != null && keep < 1) || (olderThan != null && olderThan < 0)) {
                throw new UsageError("--keep must be at least 1 and --older-than not negative");
            }
            boolean dryRun = parent.root.global.dryRun;
            return parent.print(parent.withDestinations(stores -> BackupCatalog.prune(stores, keep, olderThan,
                    parent.root.env.clock().instant(), dryRun)));
        }
    }
}
