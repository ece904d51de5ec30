package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fingerprints}: work with the loaded blocking fingerprints (for now: {@code match}). */
@Command(name = "fingerprints", description = "Use the loaded blocking fingerprints.",
        subcommands = {FingerprintsMatchCommand.class})
final class FingerprintsCommand implements Runnable {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.env.out());
    }
}
