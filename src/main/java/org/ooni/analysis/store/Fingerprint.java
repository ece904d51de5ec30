package org.ooni.analysis.store;

/**
 * What the database says about some rows: their count and an order-independent hash of all their values (a sum of
 * per-row hashes). The hash function is the back end's own (ClickHouse {@code cityHash64}, DuckDB {@code hash}), so
 * fingerprints compare only between two reads of the same kind of store.
 */
public record Fingerprint(long rows, String hash) {
}
