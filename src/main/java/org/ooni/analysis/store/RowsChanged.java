package org.ooni.analysis.store;

/**
 * The rows of a range changed while they were being exported, so the export matches no single moment of the table;
 * the caller may try again.
 */
public final class RowsChanged extends RuntimeException {
    public RowsChanged(String message) {
        super(message);
    }
}
