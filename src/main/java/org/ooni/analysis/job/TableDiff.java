package org.ooni.analysis.job;

/** How a staged table differs from the live one it replaces: rows added, rows removed, live rows before the swap. */
public record TableDiff(long added, long removed, long liveBefore) {
    /** The summary line every updater prints, e.g. {@code +3 added, -1 removed (live had 40 rows)}. */
    public String describe() {
        return "+" + added + " added, -" + removed + " removed (live had " + liveBefore + " rows)";
    }
}
