package org.ooni.analysis.backup;

import java.util.List;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.job.Outcome;
import org.ooni.analysis.store.SwapPair;
import org.ooni.analysis.store.Warehouse;

/**
 * {@code restore} of a run of policy native: ClickHouse restores its own backup into {@code {into}_restoring_{run id}},
 * whose content fingerprint must equal the manifest's before it is swapped into {@code into} (see
 * {@link NativeBackup#restore}).
 */
final class NativeRestore {
    private NativeRestore() {
    }

    /** The target is checked (absent or empty) by the caller. */
    static JobResult run(JobContext ctx, ObjectStore objects, Manifest m, String into, String manifestKey) {
        Warehouse w = ctx.warehouse();
        if (!NativeBackup.available(w)) {
            throw NativeBackup.unsupported(objects.describe() + manifestKey, "restore of " + m.table(), w);
        }
        Manifest.Entry e = m.chunks().get(0);
        String staging = into + RestoreJob.RESTORING + ctx.runId();
        ctx.log().info("restore " + m.table() + ": native backup " + e.key() + " of run " + m.runId() + " (" + e.rows()
                + " rows" + (e.baseBackup() == null ? "" : ", on base " + e.baseBackup()) + ") into " + into + " on "
                + w.describe());
        if (ctx.dryRun()) {
            return new JobResult("restore", Outcome.DRY_RUN, e.rows(), m.runId(), List.of("would restore the native backup "
                    + e.key() + " of " + m.table() + " (" + e.rows() + " rows) into " + into));
        }
        long rows = new NativeBackup(w, objects, ctx.log()).restore(m.table(), e, staging);
        try {
            w.swap(List.of(new SwapPair(staging, into)));
        } finally {
            w.dropTableIfExists(staging);
        }
        return new JobResult("restore", Outcome.UPDATED, rows, m.runId(), List.of("restored " + rows + " rows of "
                + m.table() + " (run " + m.runId() + ", native backup " + e.key() + ") into " + into
                + ", table as backed up, fingerprint checked"));
    }
}
