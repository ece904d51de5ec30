package org.ooni.analysis.backup;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.ooni.analysis.config.AnalysisConfig;
import org.ooni.analysis.error.UsageError;

/**
 * What every backup command needs from the configuration: the plan (from {@code [backup]}, or from the original
 * JSON file given with {@code --legacy-config}), the store URL that file may name, and how to open destinations.
 */
public record BackupSetup(BackupPlan plan, String origin, String legacyDbUrl, Function<String, ObjectStore> destinations) {

    public static BackupSetup load(AnalysisConfig config, Path legacyConfig, Map<String, String> env) {
        BackupSettings settings = config.section("backup", BackupSettings.class);
        BackupPlan plan;
        String origin;
        String db = null;
        if (legacyConfig != null) {
            LegacyConfig legacy = LegacyConfig.read(legacyConfig, settings);
            plan = legacy.plan();
            origin = legacyConfig.toString();
            db = legacy.dbUrl();
        } else {
            plan = BackupPlan.of(settings, config.origin());
            origin = config.origin();
        }
        BackupPlan p = plan;
        return new BackupSetup(plan, origin, db, name -> {
            DestinationSettings d = p.destinations().get(name);
            if (d == null) {
                throw new UsageError("no destination '" + name + "' in [backup.destinations] of " + origin);
            }
            return S3ObjectStore.open(d, env, p.settings().partSizeBytes(), p.settings().partsInFlight());
        });
    }

    /** The destination a table's backups live in: {@code override}, else its policy's, else the default one. */
    public String destinationOf(String table, String override) {
        if (override != null) {
            return override;
        }
        TablePolicy policy = plan.tables().get(table);
        if (policy != null && policy.destination() != null) {
            return policy.destination();
        }
        return BackupPlan.defaultDestination(plan.destinations().keySet()).orElseThrow(() -> new UsageError("table "
                + table + " is not in [backup.tables] and there is no single or 'private' destination; name it with"
                + " --destination"));
    }
}
