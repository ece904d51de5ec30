package org.ooni.analysis.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ooni.analysis.runs.JobStatus;
import org.ooni.analysis.runs.RunHistory;
import org.ooni.analysis.runs.ScheduleSettings;
import org.ooni.analysis.runs.StatusFormatter;
import org.ooni.analysis.runs.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code status}: per scheduled job, its last run, last success, next scheduled run and whether it is overdue. */
@Command(name = "status", description = "Show each job's last run, last success, next scheduled run and whether it is "
        + "overdue (from the job_runs table and the [schedule] config; see docs/operations.md).")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.")
    TextOrJson format;

    @Override
    public Integer call() {
        boolean json = format == TextOrJson.JSON;
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true)) {
            ScheduleSettings schedules = runtime.config().section("schedule", ScheduleSettings.class);
            List<String> jobs = new ArrayList<>(JobCatalog.updaters().keySet());
            jobs.add("detect");
            Instant now = root.env.clock().instant();
            List<JobStatus> report = StatusReport.build(jobs, RunHistory.read(runtime.warehouse()), schedules, now);
            if (json) {
                root.env.out().println(StatusFormatter.json(report, now));
            } else {
                StatusFormatter.text(report).forEach(root.env.out()::println);
            }
            root.env.out().flush();
            return ExitCodes.OK;
        }
    }
}
