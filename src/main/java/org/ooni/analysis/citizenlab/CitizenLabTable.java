package org.ooni.analysis.citizenlab;

import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/** Declaration of the {@code citizenlab} table (each run stages its own copy, see StagedLoad). */
public final class CitizenLabTable {
    public static final TableSchema LIVE = new TableSchema("citizenlab",
            List.of(new Column("domain", ColumnType.STRING), new Column("url", ColumnType.STRING),
                    new Column("cc", ColumnType.fixedString(32)), new Column("category_code", ColumnType.STRING)),
            List.of("domain", "url", "cc", "category_code"), Engine.REPLACING_MERGE_TREE);
    /** Key under which the store remembers the source version of the last successful load. */
    static final String STATE_KEY = "citizenlab.source_version";

    private CitizenLabTable() {
    }
}
