package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code fingerprints}: work with the loaded blocking fingerprints (for now: {@code match}). */
@Command(name = "fingerprints", description = "Use the loaded blocking fingerprints.",
        subcommands = {FingerprintsMatchCommand.class})
final class FingerprintsCommand {
    @ParentCommand
    RootCommand root;
}
