package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.config.StatsdSettings;
import org.ooni.analysis.doctor.Doctor;
import org.ooni.analysis.geoip.GeoIpSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code doctor}: one line per way this host still differs from what the original's clients expect. */
@Command(name = "doctor", description = "Print one line for each thing on this host that still differs from what the"
        + " original system's clients expect (folders and modes, configuration, commands, units, store tables,"
        + " metrics host); exit 0 when there is none, 5 otherwise (see docs/migration.md).")
final class DoctorCommand implements Callable<Integer> {
    static final int DIFFERENCES = 5;

    @ParentCommand
    RootCommand root;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Where the host's file system starts (default /; for a chroot or an image).")
    Path fsRoot;

    @Override
    public Integer call() {
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            GeoIpSettings geoip = runtime.config().section("geoip", GeoIpSettings.class);
            List<String> lines = Doctor.differences(fsRoot, geoip.dir(), runtime.storeUrl().toString(),
                    runtime::warehouse, runtime.config().section("statsd", StatsdSettings.class));
            lines.forEach(root.env.out()::println);
            root.env.out().println(lines.isEmpty() ? "doctor: no difference from what the original's clients expect"
                    : "doctor: " + lines.size() + " difference(s)");
            root.env.out().flush();
            return lines.isEmpty() ? ExitCodes.OK : DIFFERENCES;
        }
    }
}
