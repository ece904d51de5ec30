package org.ooni.analysis.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the run history and the schedules into one {@link JobStatus} per job at a given "now". A job is overdue
 * when more than two intervals of its schedule have passed since its last success (or, when it never succeeded,
 * since its first recorded run); a job with no recorded run, or no schedule, is not overdue.
 */
public final class StatusReport {
    private StatusReport() {
    }

    public static List<JobStatus> build(List<String> jobs, Map<String, RunHistory.JobHistory> history,
                                        ScheduleSettings schedules, Instant now) {
        return jobs.stream().map(job -> one(job, history.get(job), schedules.forJob(job), now)).toList();
    }

    static JobStatus one(String job, RunHistory.JobHistory h, Optional<CronSchedule> schedule, Instant now) {
        JobRun lastRun = h == null ? null : h.lastRun();
        Instant lastSuccess = h == null ? null : h.lastSuccess();
        Duration since = lastSuccess == null ? null : Duration.between(lastSuccess, now);
        if (schedule.isEmpty()) {
            return new JobStatus(job, null, lastRun, lastSuccess, since, null, null, false);
        }
        CronSchedule cron = schedule.get();
        Instant reference = lastSuccess != null ? lastSuccess : h == null ? null : h.firstRun();
        Duration interval = cron.intervalAfter(reference != null ? reference : now);
        boolean overdue = reference != null && Duration.between(reference, now).compareTo(interval.multipliedBy(2)) > 0;
        return new JobStatus(job, cron.expression(), lastRun, lastSuccess, since, cron.nextAfter(now), interval,
                overdue);
    }
}
