package org.ooni.analysis.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.ooni.analysis.asnmeta.AsnMetaSettings;
import org.ooni.analysis.asnmeta.AsnMetaUpdater;
import org.ooni.analysis.citizenlab.CitizenLabSettings;
import org.ooni.analysis.citizenlab.CitizenLabUpdater;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.fingerprints.FingerprintsSettings;
import org.ooni.analysis.fingerprints.FingerprintsUpdater;
import org.ooni.analysis.geoip.GeoIpSettings;
import org.ooni.analysis.geoip.GeoIpUpdater;
import org.ooni.analysis.job.Job;

/** The updaters that exist, in the order {@code update all} runs them, each built from the configuration file alone. */
final class JobCatalog {
    private JobCatalog() {
    }

    static Map<String, Function<AnalysisConfig, Job>> updaters() {
        Map<String, Function<AnalysisConfig, Job>> jobs = new LinkedHashMap<>();
        jobs.put("citizenlab", config -> new CitizenLabUpdater(config.section("citizenlab", CitizenLabSettings.class)));
        jobs.put("fingerprints", config -> new FingerprintsUpdater(
                config.section("fingerprints", FingerprintsSettings.class), JobRuntime.httpSettings(config)));
        jobs.put("asnmeta", config -> new AsnMetaUpdater(
                config.section("asnmeta", AsnMetaSettings.class), JobRuntime.httpSettings(config)));
        jobs.put("geoip", config -> new GeoIpUpdater(config.section("geoip", GeoIpSettings.class),
                JobRuntime.httpSettings(config), GeoIpUpdater.Mode.UPDATE_IF_ENABLED));
        return jobs;
    }
}
