package org.ooni.analysis.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ooni.analysis.lease.LeaseOwner;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.Warehouse;

/**
 * Which store a backup comes from, as its manifests record it ({@code source}) so that a destination is never shared
 * by two stores: their objects would overwrite each other at the same keys. It names the data, not the way this
 * run reached it: on ClickHouse the server's own host name and the database ({@code clickhouse:HOST/DB}), so
 * {@code localhost} and the server's address are one store and two hosts' local servers are two; for DuckDB this
 * host and the file's absolute path ({@code duckdb:HOST:/PATH}). Never a credential.
 */
final class StoreIdentity {
    private StoreIdentity() {
    }

    /** The identity of {@code store}, or {@code configured} ({@code [backup] store_name}) when set. */
    static String of(Warehouse store, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (store.kind() == StoreUrl.Kind.CLICKHOUSE) {
            List<String> row = new ArrayList<>();
            store.forEachRow("SELECT hostName(), currentDatabase()", row::addAll);
            return "clickhouse:" + row.get(0) + "/" + row.get(1);
        }
        String path = store.describe().substring("duckdb:".length());
        return "duckdb:" + LeaseOwner.localHost() + ":" + Path.of(path).toAbsolutePath().normalize();
    }
}
