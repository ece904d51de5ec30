package org.ooni.analysis.store;

/** A freshly loaded staging table and the live table it replaces; after the swap each holds the other's rows. */
public record SwapPair(String staging, String live) {
    public SwapPair {
        TableSchema.requireIdentifier(staging);
        TableSchema.requireIdentifier(live);
    }
}
