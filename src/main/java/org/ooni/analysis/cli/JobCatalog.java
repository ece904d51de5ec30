package org.ooni.analysis.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.ooni.analysis.asnmeta.AsnMetaSettings;
import org.ooni.analysis.backup.BackupJob;
import org.ooni.analysis.backup.BackupSetup;
import org.ooni.analysis.asnmeta.AsnMetaUpdater;
import org.ooni.analysis.citizenlab.CitizenLabSettings;
import org.ooni.analysis.citizenlab.CitizenLabUpdater;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.detector.DetectJob;
import org.ooni.analysis.detector.DetectorSettings;
import org.ooni.analysis.error.UsageError;
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

    /**
     * What the daemon schedules, by the job names of {@code [schedule]}: the updaters, the backup and the detector.
     * A factory throws a {@link UsageError} naming what is missing when its job is not configured (geoip not
     * enabled, no backup destination or table), so the daemon reports it once and leaves the job out.
     */
    static Map<String, Function<AnalysisConfig, Job>> scheduled(Map<String, String> env) {
        Map<String, Function<AnalysisConfig, Job>> jobs = updaters();
        jobs.put("geoip", config -> {
            GeoIpSettings settings = config.section("geoip", GeoIpSettings.class);
            if (!settings.enabled()) {
                throw new UsageError("[geoip] enabled is false");
            }
            return new GeoIpUpdater(settings, JobRuntime.httpSettings(config), GeoIpUpdater.Mode.UPDATE);
        });
        jobs.put("backup", config -> {
            BackupSetup setup = BackupSetup.load(config, null, env);
            if (setup.plan().destinations().isEmpty() || setup.plan().tables().isEmpty()) {
                throw new UsageError("no [backup.destinations] or no [backup.tables] in " + setup.origin());
            }
            return new BackupJob(setup.plan(), setup.destinations(), setup.origin(), VersionProvider.version(),
                    BackupJob.realSleeper());
        });
        jobs.put("detect", config -> {
            DetectorSettings settings = config.section("detector", DetectorSettings.class);
            return new DetectJob(settings, DetectJob.Algorithm.CUSUM, null, null,
                    settings.feedsDir() == null ? null : Path.of(settings.feedsDir()));
        });
        return jobs;
    }
}
