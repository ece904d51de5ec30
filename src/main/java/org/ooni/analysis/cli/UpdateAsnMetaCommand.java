package org.ooni.analysis.cli;

import java.util.concurrent.Callable;
import org.ooni.analysis.asnmeta.AsnMetaSettings;
import org.ooni.analysis.asnmeta.AsnMetaUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update asnmeta}: refresh the {@code asnmeta} table from {@code all_as_org_map.json}. */
@Command(name = "asnmeta", description = "Load the ASN-to-organisation history (all_as_org_map.json) into the asnmeta table.")
final class UpdateAsnMetaCommand implements Callable<Integer> {
    @ParentCommand
    UpdateCommand parent;

    @Option(names = "--source", paramLabel = "URL",
            description = "http(s):// or file: URL, or a local path (default from [asnmeta] source, else archive.org).")
    String source;

    @Option(names = "--force", description = "Load even when the file is the one already loaded (same SHA-256).")
    boolean force;

    @Override
    public Integer call() {
        RootCommand root = parent.root;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, false)) {
            AsnMetaSettings settings = runtime.config().section("asnmeta", AsnMetaSettings.class);
            if (source != null) {
                settings = settings.withSource(source);
            }
            runtime.run(new AsnMetaUpdater(settings, JobRuntime.httpSettings(runtime.config())), force);
            return ExitCodes.OK;
        }
    }
}
