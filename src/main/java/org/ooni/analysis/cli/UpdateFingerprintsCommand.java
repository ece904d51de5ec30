package org.ooni.analysis.cli;

import java.util.concurrent.Callable;
import org.ooni.analysis.fingerprints.FingerprintsSettings;
import org.ooni.analysis.fingerprints.FingerprintsUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update fingerprints}: refresh {@code fingerprints_dns} and {@code fingerprints_http} together. */
@Command(name = "fingerprints",
        description = "Load the OONI blocking fingerprints into fingerprints_dns and fingerprints_http.")
final class UpdateFingerprintsCommand implements Callable<Integer> {
    @ParentCommand
    UpdateCommand parent;

    @Option(names = "--dns-url", paramLabel = "URL",
            description = "Where fingerprints_dns.csv comes from (https://, http://, file: or a path).")
    String dnsUrl;

    @Option(names = "--http-url", paramLabel = "URL",
            description = "Where fingerprints_http.csv comes from (https://, http://, file: or a path).")
    String httpUrl;

    @Option(names = "--force", description = "Load even when both files are unchanged since the last load.")
    boolean force;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            FingerprintsSettings settings = runtime.config().section("fingerprints", FingerprintsSettings.class)
                    .withUrls(dnsUrl, httpUrl);
            runtime.run(new FingerprintsUpdater(settings, JobRuntime.httpSettings(runtime.config())), force);
            return ExitCodes.OK;
        }
    }
}
