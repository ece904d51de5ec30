package org.ooni.analysis.lease;

import java.util.Map;
import org.ooni.analysis.runs.JobRun;
import org.ooni.analysis.runs.PendingRuns;

/**
 * Overlapping runs on one DuckDB file. A skipped run cannot open the file the running one holds: its row waits in
 * the pending file until the running run moves it into job_runs, so both are read here.
 */
class OverlapDuckDbTest extends OverlapContract {
    @Override
    String dbUrl() {
        return "duckdb:" + dir.resolve("overlap.duckdb");
    }

    @Override
    Map<String, String> recordedRuns(String job) {
        Map<String, String> runs = jobRuns(job);
        for (JobRun pending : new PendingRuns(dir.resolve("overlap.duckdb")).drain()) {
            if (pending.job().equals(job)) {
                runs.put(pending.runId(), pending.outcome().word());
            }
        }
        return runs;
    }
}
