package org.ooni.analysis.asnmeta;

import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/** Declaration of the {@code asnmeta} table (one row per history entry) and the fixed-name staging copy the insert benchmark loads (runs stage their own, see StagedLoad). */
public final class AsnMetaTable {
    public static final TableSchema LIVE = new TableSchema("asnmeta",
            List.of(new Column("asn", ColumnType.UINT32), new Column("org_name", ColumnType.STRING),
                    new Column("cc", ColumnType.STRING), new Column("changed", ColumnType.DATE),
                    new Column("aut_name", ColumnType.STRING), new Column("source", ColumnType.STRING)),
            List.of("asn", "changed"), Engine.MERGE_TREE);
    public static final TableSchema STAGING = LIVE.named("asnmeta_tmp");
    /** Key under which the store remembers the SHA-256 of the file behind the live table. */
    static final String STATE_KEY = "asnmeta.source_sha256";

    private AsnMetaTable() {
    }
}
