package org.ooni.analysis.store;

import java.util.List;

/** Declaration of the small key/value table in which jobs remember what they last loaded. */
public final class StateTable {
    public static final TableSchema SCHEMA = new TableSchema("analysis_state",
            List.of(new Column("key", ColumnType.STRING), new Column("value", ColumnType.STRING),
                    new Column("updated", ColumnType.DATETIME)),
            List.of("key"), Engine.REPLACING_MERGE_TREE);

    private StateTable() {
    }
}
