package org.ooni.analysis.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [schedule]} section: one five-field cron expression per job, in UTC, defaulting to the original
 * system's timers (its weekly jobs run on Monday 00:00, systemd's "weekly"). An empty string means the job is not
 * scheduled (status then shows no next run and never calls it overdue). Every expression is checked when the section is read, so a typo is reported before anything runs.
 */
public record ScheduleSettings(String citizenlab, String fingerprints, String asnmeta, String geoip, String backup,
                               String detect) {
    public ScheduleSettings {
        citizenlab = orDefault(citizenlab, "*/30 * * * *");
        fingerprints = orDefault(fingerprints, "0 * * * *");
        asnmeta = orDefault(asnmeta, "0 0 * * 1");
        geoip = orDefault(geoip, "0 0 * * 1");
        backup = orDefault(backup, "0 0 * * 1");
        detect = orDefault(detect, "30 * * * *");
        // Fields are assigned only after this constructor body, so check the parameters themselves.
        byJob(citizenlab, fingerprints, asnmeta, geoip, backup, detect).forEach((job, cron) -> {
            try {
                parse(cron);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(job + ": " + e.getMessage(), e);
            }
        });
    }

    /** Every key at its default. */
    public static ScheduleSettings defaults() {
        return new ScheduleSettings(null, null, null, null, null, null);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value.trim();
    }

    private static Optional<CronSchedule> parse(String cron) {
        return cron.isEmpty() ? Optional.empty() : Optional.of(CronSchedule.parse(cron));
    }

    /** The job's schedule; empty when the job has no key here or its expression is empty. */
    public Optional<CronSchedule> forJob(String job) {
        String cron = asMap().get(job);
        return cron == null ? Optional.empty() : parse(cron);
    }

    /** Job name to expression, in declaration order. */
    public Map<String, String> asMap() {
        return byJob(citizenlab, fingerprints, asnmeta, geoip, backup, detect);
    }

    private static Map<String, String> byJob(String citizenlab, String fingerprints, String asnmeta, String geoip,
                                             String backup, String detect) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("citizenlab", citizenlab);
        map.put("fingerprints", fingerprints);
        map.put("asnmeta", asnmeta);
        map.put("geoip", geoip);
        map.put("backup", backup);
        map.put("detect", detect);
        return map;
    }
}
