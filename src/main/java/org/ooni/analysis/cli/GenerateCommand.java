package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code generate}: synthetic data for demos, tests and benchmarks. */
@Command(name = "generate", description = "Generate synthetic data.", subcommands = {GenerateMeasurementsCommand.class})
final class GenerateCommand {
    @ParentCommand
    RootCommand root;
}
