package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.geoip.GeoIpLookup;
import org.ooni.analysis.geoip.GeoIpSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code geoip}: questions to the installed GeoIP databases ({@code geoip lookup IP...}). */
@Command(name = "geoip", description = "Query the installed GeoIP databases.",
        subcommands = GeoIpCommand.Lookup.class)
final class GeoIpCommand {
    @ParentCommand
    RootCommand root;

    /** {@code geoip lookup [--dir DIR] IP...}: country code, ASN and AS organisation per address. */
    @Command(name = "lookup", description = "Print country code, ASN and AS organisation of each address "
            + "(tab-separated, with a header; 'not found' where the databases hold nothing).")
    static final class Lookup implements Callable<Integer> {
        @ParentCommand
        GeoIpCommand parent;

        @Option(names = "--dir", paramLabel = "DIR", description = "Folder holding asn.mmdb and cc.mmdb "
                + "(default: [geoip] dir, else /var/lib/ooniapi).")
        String dir;

        @Parameters(paramLabel = "IP", arity = "1..*", description = "IPv4 or IPv6 addresses.")
        List<String> addresses;

        @Override
        public Integer call() {
            RootCommand root = parent.root;
            String folder = dir != null ? dir
                    : AnalysisConfig.load(root.global.config).section("geoip", GeoIpSettings.class).dir();
            try (GeoIpLookup lookup = GeoIpLookup.open(Path.of(folder))) {
                lookup.pendingInstallWarning().ifPresent(root.env.err()::println);
                List<String> lines = lookup.lookupAll(addresses);
                root.env.out().println(GeoIpLookup.header());
                lines.forEach(root.env.out()::println);
                root.env.out().flush();
                return ExitCodes.OK;
            }
        }
    }
}
