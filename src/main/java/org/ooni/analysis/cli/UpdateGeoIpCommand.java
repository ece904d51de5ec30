package org.ooni.analysis.cli;

import java.util.concurrent.Callable;
import org.ooni.analysis.geoip.GeoIpSettings;
import org.ooni.analysis.geoip.GeoIpUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update geoip}: download, validate and install this month's ASN and country databases. */
@Command(name = "geoip", description = "Download this month's db-ip ASN and country databases, validate them, "
        + "install both as asn.mmdb and cc.mmdb (or neither).")
final class UpdateGeoIpCommand implements Callable<Integer> {
    @ParentCommand
    UpdateCommand parent;

    @Option(names = "--dir", paramLabel = "DIR", description = "Target folder (default /var/lib/ooniapi).")
    String dir;

    @Option(names = "--asn-url", paramLabel = "TEMPLATE", description = "ASN database URL or path, with {YYYY-MM}.")
    String asnUrl;

    @Option(names = "--cc-url", paramLabel = "TEMPLATE", description = "Country database URL or path, with {YYYY-MM}.")
    String ccUrl;

    @Option(names = "--force", description = "Download and install even when the stamp is already this month.")
    boolean force;

    @Option(names = "--rollback", description = "Swap the kept previous pair (*.prev) back in; no download.")
    boolean rollback;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            GeoIpSettings settings = runtime.config().section("geoip", GeoIpSettings.class).withUrls(asnUrl, ccUrl);
            if (dir != null) {
                settings = settings.withDir(dir);
            }
            GeoIpUpdater.Mode mode = rollback ? GeoIpUpdater.Mode.ROLLBACK : GeoIpUpdater.Mode.UPDATE;
            runtime.run(new GeoIpUpdater(settings, JobRuntime.httpSettings(runtime.config()), mode), force);
            return ExitCodes.OK;
        }
    }
}
