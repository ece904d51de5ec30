package org.ooni.analysis.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ooni.analysis.api.PriorityTables;
import org.ooni.analysis.asnmeta.AsnMetaTable;
import org.ooni.analysis.citizenlab.CitizenLabTable;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.fingerprints.FingerprintKind;
import org.ooni.analysis.fingerprints.FingerprintTables;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * The store the original's clients (the OONI API, dashboards, queries) read: reachable, and holding the tables the
 * jobs write with the columns those clients name; plus the two tables the API's test-list order needs.
 */
final class StoreChecks {
    static final List<TableSchema> WRITTEN = List.of(CitizenLabTable.LIVE, FingerprintTables.live(FingerprintKind.DNS),
            FingerprintTables.live(FingerprintKind.HTTP), AsnMetaTable.LIVE);

    private StoreChecks() {
    }

    /** {@code store} opens the store; its failure is itself the difference reported. */
    static List<String> check(String described, Supplier<Warehouse> store) {
        List<String> out = new ArrayList<>();
        Warehouse w;
        try {
            w = store.get();
            w.tableExists(CitizenLabTable.LIVE.name());
        } catch (StoreError e) {
            out.add("store: " + described + " is not reachable: " + e.getMessage());
            return out;
        }
        for (TableSchema t : WRITTEN) {
            columns(w, t, "run: ooni-analysis update").ifPresent(out::add);
        }
        for (TableSchema t : List.of(PriorityTables.URL_PRIORITIES, PriorityTables.COUNTERS)) {
            columns(w, t, "the original's API ranks the test list with it; /api/v1/test-list/urls keeps its plain"
                    + " order without").ifPresent(out::add);
        }
        return out;
    }

    /** A line when the table is missing or lacks a declared column (extra columns are fine). */
    private static java.util.Optional<String> columns(Warehouse w, TableSchema t, String hint) {
        if (!w.tableExists(t.name())) {
            return java.util.Optional.of("store: table " + t.name() + " is missing (" + hint + ")");
        }
        TableInfo info = w.describeTable(t.name());
        List<String> have = info.columns().stream().map(TableInfo.NativeColumn::name).toList();
        List<String> lacking = t.columnNames().stream().filter(c -> !have.contains(c)).toList();
        if (lacking.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("store: table " + t.name() + " lacks column(s) " + String.join(", ", lacking)
                + " (has " + String.join(", ", have) + ")");
    }
}
