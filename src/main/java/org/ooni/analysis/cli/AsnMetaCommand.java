package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code asnmeta}: questions answered from the {@code asnmeta} table; the subcommands do the work. */
@Command(name = "asnmeta", description = "Query the ASN metadata table.", subcommands = {AsnMetaLookupCommand.class})
final class AsnMetaCommand implements Runnable {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.env.out());
    }
}
