package org.ooni.analysis.store;

/** One declared column: an identifier from the schema declaration (never from input) and its type. */
public record Column(String name, ColumnType type) {
    public Column {
        TableSchema.requireIdentifier(name);
    }
}
