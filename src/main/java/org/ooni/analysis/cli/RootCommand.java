package org.ooni.analysis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ooni-analysis}: the top command. Subcommands do the work; the original system's flags
 * ({@code --update-citizenlab}, {@code --db-uri}, ...) are accepted here and mapped onto them.
 */
@Command(name = "ooni-analysis", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Ancillary jobs of an OONI-style measurement backend: reference tables, backups, detection.",
        subcommands = {UpdateCommand.class, QueryCommand.class, FingerprintsCommand.class, GeoIpCommand.class,
            AsnMetaCommand.class, DetectCommand.class, EventsCommand.class, GenerateCommand.class, BackupCommand.class,
            RestoreCommand.class, VerifyCommand.class, BackupsCommand.class, StatusCommand.class, ServeCommand.class,
            DaemonCommand.class, DoctorCommand.class})
final class RootCommand implements Callable<Integer> {
    final Environment env;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--update-citizenlab", description = "Legacy form of 'update citizenlab'.")
    boolean legacyCitizenlab;

    @Option(names = "--update-fingerprints", description = "Legacy form of 'update fingerprints'.")
    boolean legacyFingerprints;

    @Option(names = "--update-asnmeta", description = "Legacy form of 'update asnmeta'.")
    boolean legacyAsnmeta;

    @Option(names = "--db-uri", paramLabel = "URL", description = "Legacy form of --db.")
    String legacyDbUri;

    RootCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<String> jobs = new ArrayList<>();
        if (legacyCitizenlab) {
            jobs.add("citizenlab");
        }
        if (legacyFingerprints) {
            jobs.add("fingerprints");
        }
        if (legacyAsnmeta) {
            jobs.add("asnmeta");
        }
        if (jobs.isEmpty()) {
            spec.commandLine().usage(env.out());
            return ExitCodes.USAGE;
        }
        if (legacyDbUri != null && global.db == null) {
            global.db = legacyDbUri;
        }
        return UpdateCommand.runUpdaters(jobs, global, env, false);
    }
}
