package org.ooni.analysis.backup;

import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.store.Warehouse;

/** A sorted sample of a fastpath-shaped table's rows (every 37th by measurement_uid, plus the first 50). */
final class BackupSamples {
    private BackupSamples() {
    }

    static List<List<String>> sorted(Warehouse w, String table) {
        return ofQuery(w, "SELECT * FROM " + table + " ORDER BY measurement_uid");
    }

    /** The sample of an ordered query's rows. */
    static List<List<String>> ofQuery(Warehouse w, String orderedQuery) {
        List<List<String>> rows = new ArrayList<>();
        int[] n = {0};
        w.forEachRow(orderedQuery, r -> {
            if (n[0] < 50 || n[0] % 37 == 0) {
                rows.add(r);
            }
            n[0]++;
        });
        return rows;
    }
}
