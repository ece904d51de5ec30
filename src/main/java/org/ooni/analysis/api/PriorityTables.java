package org.ooni.analysis.api;

import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/**
 * The two tables of the original deployment that order the test list: {@code url_priorities} (rules, written by
 * OONI's staff) and {@code counters_asn_test_list} (weekly measurement counts, written by the original's counter
 * updater). This program reads them and never writes them; the declarations name the columns it reads, for tests
 * and for {@code doctor}.
 */
public final class PriorityTables {
    public static final TableSchema URL_PRIORITIES = new TableSchema("url_priorities",
            List.of(new Column("category_code", ColumnType.STRING), new Column("cc", ColumnType.STRING),
                    new Column("domain", ColumnType.STRING), new Column("url", ColumnType.STRING),
                    new Column("priority", ColumnType.INT64)),
            List.of("category_code", "cc", "domain", "url"), Engine.MERGE_TREE);
    public static final TableSchema COUNTERS = new TableSchema("counters_asn_test_list",
            List.of(new Column("week", ColumnType.DATE), new Column("probe_cc", ColumnType.STRING),
                    new Column("probe_asn", ColumnType.UINT32), new Column("input", ColumnType.STRING),
                    new Column("msmt_cnt", ColumnType.INT64)),
            List.of("week", "probe_cc", "input"), Engine.MERGE_TREE);

    private PriorityTables() {
    }
}
