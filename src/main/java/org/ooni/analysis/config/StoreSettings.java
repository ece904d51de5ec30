package org.ooni.analysis.config;

/** The {@code [store]} section: which database the jobs use. */
public record StoreSettings(String db) {
    public StoreSettings {
        if (db == null) {
            db = org.ooni.analysis.store.StoreUrl.DEFAULT;
        }
    }
}
