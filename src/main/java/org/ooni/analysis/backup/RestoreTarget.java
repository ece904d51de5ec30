package org.ooni.analysis.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableInfo;

/**
 * How a restore creates its staging table and reads each CSV record into it, decided before anything is loaded.
 * Into the same kind of store: the recorded DDL with only the name changed, every value's text as it was, and the
 * store's fingerprint comparable with the manifest's (a DuckDB UNION column, whose text does not say its member,
 * refuses the restore). Into the other kind: each column's type mapped by {@link CrossStoreTypes} (a column it
 * cannot map refuses the restore with exit 4, naming it and its type).
 *
 * @param streamAsIs  the object's CSV goes into the store as it is (ClickHouse into ClickHouse)
 * @param sameKind    the fingerprint of the loaded rows compares with the manifest's
 */
record RestoreTarget(String ddl, List<String> columns, StoreUrl.Kind source, boolean streamAsIs, boolean sameKind,
                     List<Boolean> notNull, List<UnaryOperator<String>> converters) {

    static RestoreTarget plan(Manifest m, StoreUrl.Kind target, String targetVersion, String staging, String origin) {
        StoreUrl.Kind source = StoreUrl.Kind.valueOf(m.store().toUpperCase(java.util.Locale.ROOT));
        TableInfo info = m.schema();
        List<String> names = info.columnNames();
        List<Boolean> notNull = new ArrayList<>();
        for (TableInfo.NativeColumn c : info.columns()) {
            notNull.add(source == StoreUrl.Kind.DUCKDB ? RecordedDdl.duckDbNotNull(info.ddl(), c.name(), c.type())
                    : !c.type().startsWith("Nullable(") && !c.type().startsWith("LowCardinality(Nullable("));
        }
        if (source == target) {
            if (target == StoreUrl.Kind.DUCKDB) {
                for (TableInfo.NativeColumn c : info.columns()) {
                    if (c.type().toUpperCase(java.util.Locale.ROOT).contains("UNION(")) {
                        // the text of a UNION value is its member's, without the member's name: '2' could be either
                        throw new InvalidInput(origin, 0, 0, "cannot restore " + m.table() + ": column " + c.name()
                                + " " + c.type() + ": its values' text does not say which member each is, so they"
                                + " cannot be read back exactly; nothing was loaded");
                    }
                }
            }
            String ddl;
            try {
                ddl = RecordedDdl.nonBlank(info.ddl()).map(d -> RecordedDdl.renamed(d, m.table(), staging, target))
                        .orElseGet(() -> fromColumns(info, staging, target, notNull));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(origin, 0, 0, "cannot restore " + m.table() + ": " + e.getMessage());
            }
            List<UnaryOperator<String>> same = names.stream().<UnaryOperator<String>>map(n -> v -> v).toList();
            return new RestoreTarget(ddl, names, source, target == StoreUrl.Kind.CLICKHOUSE, true, notNull, same);
        }
        List<String> definitions = new ArrayList<>();
        List<UnaryOperator<String>> converters = new ArrayList<>();
        CrossStoreTypes.Target server = CrossStoreTypes.Target.of(targetVersion);
        for (int i = 0; i < info.columns().size(); i++) {
            TableInfo.NativeColumn c = info.columns().get(i);
            CrossStoreTypes.Mapped mapped;
            try {
                mapped = source == StoreUrl.Kind.CLICKHOUSE ? CrossStoreTypes.clickHouseToDuckDb(c.type(), m.timeZone())
                        : CrossStoreTypes.duckDbToClickHouse(c.type(), notNull.get(i), server);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(origin, 0, 0, "cannot restore " + m.table() + " from " + m.store() + " into "
                        + Manifest.storeName(target) + ": column " + c.name() + " " + c.type() + ": " + e.getMessage()
                        + "; nothing was loaded");
            }
            definitions.add(quote(c.name(), target) + " " + mapped.type()
                    + (target == StoreUrl.Kind.DUCKDB && !mapped.nullable() ? " NOT NULL" : ""));
            converters.add(mapped.convert());
        }
        String ddl = "CREATE TABLE " + quote(staging, target) + " (" + String.join(", ", definitions) + ")"
                + (target == StoreUrl.Kind.CLICKHOUSE ? " ENGINE = MergeTree ORDER BY tuple()" : "");
        return new RestoreTarget(ddl, names, source, false, false, notNull, converters);
    }

    // a manifest without DDL (none recorded): the recorded column types as they are
    private static String fromColumns(TableInfo info, String staging, StoreUrl.Kind kind, List<Boolean> notNull) {
        List<String> defs = new ArrayList<>();
        for (int i = 0; i < info.columns().size(); i++) {
            TableInfo.NativeColumn c = info.columns().get(i);
            defs.add(quote(c.name(), kind) + " " + c.type()
                    + (kind == StoreUrl.Kind.DUCKDB && notNull.get(i) ? " NOT NULL" : ""));
        }
        String key = info.sortKey().stream().filter(info.columnNames()::contains).map(k -> quote(k, kind))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + quote(staging, kind) + " (" + String.join(", ", defs) + ")"
                + (kind == StoreUrl.Kind.CLICKHOUSE ? " ENGINE = MergeTree ORDER BY " + (key.isEmpty() ? "tuple()" : "(" + key + ")") : "");
    }

    private static String quote(String name, StoreUrl.Kind kind) {
        return kind == StoreUrl.Kind.CLICKHOUSE ? "`" + name.replace("`", "\\`") + "`" : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The record's values as text for the target, null for NULL. The backup's store marks NULL with an unquoted
     * field: ClickHouse {@code \N}, DuckDB an empty field (objects written before DuckDB quoted empty strings hold
     * them unquoted too, so in a NOT NULL column an unquoted empty field is the empty string).
     */
    String[] values(CsvRecord r, String object) {
        if (r.size() != columns.size()) {
            throw new InvalidInput(object, r.line(), 0, "expected " + columns.size() + " fields, got " + r.size());
        }
        String[] out = new String[r.size()];
        for (int i = 0; i < out.length; i++) {
            String f = r.get(i);
            boolean isNull = !r.isQuoted(i) && (source == StoreUrl.Kind.CLICKHOUSE ? f.equals("\\N")
                    : f.isEmpty() && !notNull.get(i));
            if (isNull) {
                continue;
            }
            try {
                out[i] = converters.get(i).apply(f);
            } catch (RuntimeException e) {
                throw new InvalidInput(object, r.line(), r.column(i), "column " + columns.get(i) + ": value '" + f
                        + "' cannot be restored: " + e.getMessage());
            }
        }
        return out;
    }
}
