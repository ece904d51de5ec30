package org.ooni.analysis.daemon;

import java.util.function.Supplier;
import org.ooni.analysis.job.Job;
import org.ooni.analysis.job.JobContext;
import org.ooni.analysis.job.JobResult;
import org.ooni.analysis.store.Warehouse;

/**
 * A job as the daemon runs it: the same job, plus clean-up when the daemon's shutdown aborts it. An aborted run
 * drops the staging tables it started (live tables only ever change at the swap, so they are untouched) and fails
 * with {@link JobAborted} carrying the abort reason, which is what {@code job_runs} records. The job's own temporary
 * files go with its own try-with-resources blocks as the interruption unwinds it.
 */
public final class AbortableJob implements Job {
    private final Job job;
    private final AbortSignal abort;

    public AbortableJob(Job job, AbortSignal abort) {
        this.job = job;
        this.abort = abort;
    }

    @Override
    public String name() {
        return job.name();
    }

    @Override
    public boolean usesStore() {
        return job.usesStore();
    }

    @Override
    public boolean leased() {
        return job.leased();
    }

    @Override
    public JobResult run(JobContext ctx) {
        TrackedStore tracked = new TrackedStore(ctx.store());
        JobContext own = ctx.withStore(tracked);
        try {
            return job.run(own);
        } catch (RuntimeException e) {
            String reason = abort.reason();
            if (reason == null) {
                throw e;
            }
            // The interrupt has done its work (the job stopped). Clear it: the clean-up, the job_runs row and the
            // store's close still have to go through, and an HTTP store call fails at once on an interrupted thread.
            Thread.interrupted();
            dropStaging(tracked, ctx);
            throw new JobAborted(reason + " (" + oneLine(e) + ")", e);
        }
    }

    private void dropStaging(TrackedStore tracked, JobContext ctx) {
        if (tracked.opened == null) {
            return;
        }
        for (String table : tracked.opened.stagingTables()) {
            try {
                tracked.opened.dropTableIfExists(table);
                ctx.log().info(job.name() + ": aborted, dropped staging table " + table);
            } catch (RuntimeException e) {
                ctx.log().warn(job.name() + ": aborted, could not drop staging table " + table + ": " + oneLine(e));
            }
        }
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    /** Opens the run's store on first use, like the context it wraps, and tracks it. */
    private static final class TrackedStore implements Supplier<Warehouse> {
        private final Supplier<Warehouse> open;
        private volatile StagingTracker opened;

        TrackedStore(Supplier<Warehouse> open) {
            this.open = open;
        }

        @Override
        public synchronized Warehouse get() {
            if (opened == null) {
                opened = new StagingTracker(open.get());
            }
            return opened;
        }
    }
}
