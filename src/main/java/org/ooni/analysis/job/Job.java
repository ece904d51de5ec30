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
}
