package org.ooni.analysis.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A table declared once: name, columns, sort key and preferred engine. Back ends render it to DDL.
 * Staging copies share the declaration under another name ({@link #named}).
 */
public record TableSchema(String name, List<Column> columns, List<String> orderBy, Engine engine) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public TableSchema {
        requireIdentifier(name);
        columns = List.copyOf(columns);
        orderBy = List.copyOf(orderBy);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
        }
        for (String key : orderBy) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException("sort key " + key + " is not a column of " + name);
            }
        }
    }

    static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
    }

    /** The same declaration under another table name, e.g. a staging table. */
    public TableSchema named(String otherName) {
        return new TableSchema(otherName, columns, orderBy, engine);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
