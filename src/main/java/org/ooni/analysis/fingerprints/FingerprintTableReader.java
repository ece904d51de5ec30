package org.ooni.analysis.fingerprints;

import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.store.Warehouse;

/** Reads the live {@code fingerprints_dns} and {@code fingerprints_http} tables back into {@link Fingerprint}s. */
public final class FingerprintTableReader {
    private FingerprintTableReader() {
    }

    /** Both live tables, DNS first, each ordered by name; a missing table is a {@link StoreError}. */
    public static List<Fingerprint> readLive(Warehouse wh) {
        List<Fingerprint> rows = new ArrayList<>();
        for (FingerprintKind kind : List.of(FingerprintKind.DNS, FingerprintKind.HTTP)) {
            if (!wh.tableExists(kind.liveTable())) {
                throw new StoreError(wh.describe() + ": table " + kind.liveTable()
                        + " does not exist; run 'update fingerprints' first");
            }
            String columns = String.join(", ", FingerprintTables.HEADER);
            wh.forEachRow("SELECT " + columns + " FROM " + kind.liveTable() + " ORDER BY name", v -> rows.add(
                    new Fingerprint(v.get(0), v.get(1), v.get(2), v.get(3), PatternType.parse(v.get(4)), v.get(5),
                            Integer.parseInt(v.get(6)), v.get(7), v.get(8), v.get(9), v.get(10))));
        }
        return rows;
    }
}
