package org.ooni.analysis.geoip;

import java.time.Instant;

/** What validation learnt about one database file: its kind, metadata type, node count and build time. */
record ValidatedDb(DbKind kind, String databaseType, long nodeCount, Instant buildTime) {
    String describe() {
        return kind.fileName() + ": " + databaseType + ", " + nodeCount + " nodes, built " + buildTime;
    }
}
