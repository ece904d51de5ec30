package org.ooni.analysis.job;

import java.util.List;

/**
 * The result of a successful job run: outcome, rows written, the source version that was seen (a commit id or a
 * content hash) and the human-readable summary lines the CLI prints.
 */
public record JobResult(String job, Outcome outcome, long rows, String sourceVersion, List<String> summary) {
    public JobResult {
        summary = List.copyOf(summary);
    }
}
