package org.ooni.analysis.cli;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update all}: every updater in order, continuing past failures, non-zero exit if any failed. */
@Command(name = "all", description = "Run every updater in order; continue past a failed one; exit non-zero if any failed.")
final class UpdateAllCommand implements Callable<Integer> {
    @ParentCommand
    UpdateCommand parent;

    @Option(names = "--force", description = "Load even when the sources are unchanged since the last load.")
    boolean force;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        return UpdateCommand.runUpdaters(new ArrayList<>(JobCatalog.updaters().keySet()), root.global, root.env, force);
    }
}
