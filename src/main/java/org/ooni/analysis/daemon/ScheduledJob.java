package org.ooni.analysis.daemon;

import org.ooni.analysis.runs.CronSchedule;

/** One job the daemon runs: its name, its cron schedule, whether it is heavy, and its largest random delay. */
public record ScheduledJob(String name, CronSchedule schedule, boolean heavy, long maxRandomDelaySeconds) {
}
