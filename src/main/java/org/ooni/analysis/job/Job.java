package org.ooni.analysis.job;

/**
 * One runnable job (an updater, the backup, the detector). Implementations read what they need from the context,
 * throw an {@link org.ooni.analysis.error.AnalysisException} subtype on any failure, and leave live data untouched
 * when they do.
 */
public interface Job {
    /** The job's short name as used on the command line, e.g. {@code citizenlab}. */
    String name();

    JobResult run(JobContext context);

    /**
     * Whether the job reads or writes the store. When it does, the CLI starts opening the store on a second thread
     * while the job fetches its source: opening DuckDB (loading its native library) costs a short run a third of its
     * time. A job that never touches the store says false so that none is opened or created.
     */
    default boolean usesStore() {
        return true;
    }

    /**
     * Whether runs of this job on one store exclude each other through a lease (see docs/operations.md): true for
     * every job that writes the store or copies it out; a read-only job says false.
     */
    default boolean leased() {
        return usesStore();
    }
}
