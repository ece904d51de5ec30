package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code generate}: synthetic data for demos, tests and benchmarks. */
@Command(name = "generate", description = "Generate synthetic data.", subcommands = {GenerateMeasurementsCommand.class})
final class GenerateCommand implements Runnable {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.env.out());
    }
}
