package org.ooni.analysis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code asnmeta}: questions answered from the {@code asnmeta} table; the subcommands do the work. */
@Command(name = "asnmeta", description = "Query the ASN metadata table.", subcommands = {AsnMetaLookupCommand.class})
final class AsnMetaCommand {
    @ParentCommand
    RootCommand root;
}
