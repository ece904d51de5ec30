package org.ooni.analysis.store;

import org.ooni.analysis.error.StoreError;

/** ClickHouse over HTTP with the official client-v2 (placeholder until the back end lands). */
public final class ClickHouseWarehouse {
    private ClickHouseWarehouse() {
    }

    public static Warehouse open(StoreUrl url, boolean readOnly) {
        throw new StoreError(url + ": the ClickHouse back end is not built yet");
    }
}
