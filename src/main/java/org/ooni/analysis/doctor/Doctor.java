package org.ooni.analysis.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ooni.analysis.config.StatsdSettings;
import org.ooni.analysis.store.Warehouse;

/**
 * {@code doctor}: every way this host still differs from what the original deployment's clients expect (the OONI
 * API, dashboards, runbooks), one line each, in a fixed order: files, configuration, commands, units, store,
 * metrics. An empty list means a drop-in. See docs/migration.md.
 */
public final class Doctor {
    private Doctor() {
    }

    /**
     * @param root      where the host's file system starts ({@code /}; a folder in tests)
     * @param geoipDir  the configured {@code [geoip] dir}
     * @param storeName the store as shown to people (password masked)
     */
    public static List<String> differences(Path root, String geoipDir, String storeName, Supplier<Warehouse> store,
                                           StatsdSettings statsd) {
        List<String> out = new ArrayList<>();
        try {
            out.addAll(FileChecks.geoip(root, geoipDir));
            out.addAll(FileChecks.configs(root));
            out.addAll(FileChecks.commands(root));
            out.addAll(UnitChecks.check(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.addAll(StoreChecks.check(storeName, store));
        out.addAll(MetricsChecks.check(statsd));
        return out;
    }
}
