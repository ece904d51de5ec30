package org.ooni.analysis.backup;

import java.util.Locale;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.RowRange;
import org.ooni.analysis.store.TableInfo;
import org.ooni.analysis.store.Warehouse;

/**
 * Cuts a table into chunks by range predicates only: months of a date/time column, or keyset pages that end where
 * the first N values of the key column (ties included) end. Never {@code LIMIT ... OFFSET}: each boundary query
 * starts from the previous boundary, so planning costs the same for the last page as for the first.
 */
final class ChunkPlanner {
    private static final DateTimeFormatter YYYYMM = DateTimeFormatter.ofPattern("yyyyMM");

    /** One planned object: its key and the rows it holds (null: the whole table). */
    record Chunk(String key, RowRange range) {
    }

    /** The chunking in force after AUTO is resolved against the table, e.g. {@code month(measurement_start_time)}. */
    record Resolved(TablePolicy.Chunking chunking, String column, ColumnType.Kind kind) {
        String describe() {
            return chunking == TablePolicy.Chunking.WHOLE ? "whole" : chunking.name().toLowerCase(Locale.ROOT) + "(" + column + ")";
        }
    }

    private ChunkPlanner() {
    }

    static Resolved resolve(TablePolicy policy, TableInfo info, String origin) {
        TablePolicy.Chunking chunking = policy.chunking();
        String column = policy.column();
        if (chunking == TablePolicy.Chunking.AUTO) {
            if (column != null) {
                chunking = TablePolicy.Chunking.KEYSET;
            } else if (info.columnNames().contains("measurement_start_time")) {
                chunking = TablePolicy.Chunking.MONTH;
                column = "measurement_start_time";
            } else if (!info.sortKey().isEmpty() && info.columnNames().contains(info.sortKey().get(0))) {
                chunking = TablePolicy.Chunking.KEYSET;
                column = info.sortKey().get(0);
            } else {
                chunking = TablePolicy.Chunking.WHOLE;
            }
        }
        if (chunking == TablePolicy.Chunking.KEYSET && column == null) {
            if (info.sortKey().isEmpty() || !info.columnNames().contains(info.sortKey().get(0))) {
                throw new InvalidInput(origin, 0, 0, "[backup.tables] " + policy.table()
                        + ": keyset chunks need a column (the table has no plain sort key)");
            }
            column = info.sortKey().get(0);
        }
        if (chunking == TablePolicy.Chunking.WHOLE) {
            return new Resolved(chunking, null, null);
        }
        String col = column;
        String type = info.columns().stream().filter(c -> c.name().equals(col)).findFirst()
                .orElseThrow(() -> new InvalidInput(origin, 0, 0, "[backup.tables] " + policy.table() + ": column '"
                        + col + "' is not in the table")).type();
        ColumnType.Kind kind = TypeMapping.logical(type).kind();
        if (chunking == TablePolicy.Chunking.MONTH && kind != ColumnType.Kind.DATE && kind != ColumnType.Kind.DATETIME) {
            throw new InvalidInput(origin, 0, 0, "[backup.tables] " + policy.table() + ": month chunks need a date or "
                    + "date/time column, '" + col + "' is " + type);
        }
        return new Resolved(chunking, column, kind);
    }

    static List<Chunk> plan(String table, Resolved r, Warehouse warehouse, long pageRows) {
        List<Chunk> chunks = new ArrayList<>();
        switch (r.chunking()) {
            case WHOLE -> chunks.add(new Chunk(ChunkKeys.whole(table), null));
            case MONTH -> {
                for (String m : warehouse.months(table, r.column())) {
                    YearMonth month = YearMonth.parse(m, YYYYMM);
                    chunks.add(new Chunk(ChunkKeys.month(table, m), RowRange.halfOpen(r.column(), r.kind(),
                            bound(month, r.kind()), bound(month.plusMonths(1), r.kind()))));
                }
            }
            case KEYSET -> {
                String after = null;
                for (int n = 0; ; n++) {
                    Optional<String> end = warehouse.keysetPageEnd(table, r.column(), r.kind(), after, pageRows);
                    if (end.isEmpty()) {
                        break;
                    }
                    chunks.add(new Chunk(ChunkKeys.page(table, n), RowRange.page(r.column(), r.kind(), after, end.get())));
                    after = end.get();
                }
            }
            default -> throw new IllegalStateException("unresolved chunking " + r.chunking());
        }
        return chunks;
    }

    private static String bound(YearMonth month, ColumnType.Kind kind) {
        String day = month.atDay(1).toString();
        return kind == ColumnType.Kind.DATE ? day : day + " 00:00:00";
    }
}
