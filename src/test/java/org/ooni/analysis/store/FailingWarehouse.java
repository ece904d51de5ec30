package org.ooni.analysis.store;

import java.util.Iterator;
import org.ooni.analysis.error.StoreError;

/**
 * A real warehouse whose inserts fail after a given number of rows, as a database that dies mid-load would.
 * Everything else is passed through to the real store.
 */
public final class FailingWarehouse extends DelegatingWarehouse {
    private final long failAfterRows;

    public FailingWarehouse(Warehouse real, long failAfterRows) {
        super(real);
        this.failAfterRows = failAfterRows;
    }

    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        return real.insertRows(schema, new Iterator<>() {
            private long served;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                if (served++ == failAfterRows) {
                    throw new StoreError("injected failure after " + failAfterRows + " rows into " + schema.name());
                }
                return rows.next();
            }
        });
    }
}
