package org.ooni.analysis.runs;

import java.util.Arrays;
import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/** Declaration of {@code job_runs}: one row per recorded job run, appended and never updated. */
public final class JobRunsTable {
    public static final String NAME = "job_runs";

    public static final TableSchema SCHEMA = new TableSchema(NAME, List.of(
            new Column("job", ColumnType.STRING),
            new Column("run_id", ColumnType.STRING),
            new Column("started", ColumnType.DATETIME),
            new Column("finished", ColumnType.DATETIME),
            new Column("duration_ms", ColumnType.INT64),
            new Column("outcome", ColumnType.enum8(Arrays.stream(RunOutcome.values()).map(RunOutcome::word).toList())),
            new Column("rows_written", ColumnType.INT64),
            new Column("source_version", ColumnType.STRING),
            new Column("error", ColumnType.STRING)),
            List.of("job", "started"), Engine.MERGE_TREE);

    private JobRunsTable() {
    }
}
