package org.ooni.analysis.citizenlab;

/** One row of the {@code citizenlab} table: a listed URL, its domain, the list's country code and the category. */
public record TestListEntry(String domain, String url, String cc, String categoryCode) {
    Object[] toRow() {
        return new Object[] {domain, url, cc, categoryCode};
    }
}
