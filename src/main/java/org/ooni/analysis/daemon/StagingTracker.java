package org.ooni.analysis.daemon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ooni.analysis.store.DelegatingWarehouse;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;

/**
 * A store seen by one daemon run that remembers the staging tables the run started ({@link #recreateTable} is how
 * every scheduled job starts one), so an aborted run can drop them. Everything else goes straight through.
 */
final class StagingTracker extends DelegatingWarehouse {
    private final Set<String> staging = new LinkedHashSet<>();

    StagingTracker(Warehouse store) {
        super(store);
    }

    /** The staging tables this run created, in order. */
    synchronized List<String> stagingTables() {
        return new ArrayList<>(staging);
    }

    @Override
    public void recreateTable(TableSchema schema) {
        synchronized (this) {
            staging.add(schema.name());
        }
        real.recreateTable(schema);
    }

    /** The run does not own the connection: the CLI runtime that opened it closes it. */
    @Override
    public void close() {
    }
}
