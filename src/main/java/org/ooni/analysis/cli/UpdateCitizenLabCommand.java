package org.ooni.analysis.cli;

import java.util.concurrent.Callable;
import org.ooni.analysis.citizenlab.CitizenLabSettings;
import org.ooni.analysis.citizenlab.CitizenLabUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update citizenlab}: refresh the {@code citizenlab} table from the CitizenLab test lists. */
@Command(name = "citizenlab", description = "Load the CitizenLab test lists into the citizenlab table.")
final class UpdateCitizenLabCommand implements Callable<Integer> {
    @ParentCommand
    UpdateCommand parent;

    @Option(names = "--source", paramLabel = "URL|DIR",
            description = "Git URL (https://, file://), local git repository, or folder holding lists/.")
    String source;

    @Option(names = "--strict", description = "Fail on the first invalid row instead of skipping it.")
    boolean strict;

    @Option(names = "--force", description = "Load even when the source is at the commit already loaded.")
    boolean force;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            CitizenLabSettings settings = runtime.config().section("citizenlab", CitizenLabSettings.class);
            if (source != null) {
                settings = settings.withSource(source);
            }
            if (strict) {
                settings = settings.withStrict(true);
            }
            runtime.run(new CitizenLabUpdater(settings), force);
            return ExitCodes.OK;
        }
    }
}
