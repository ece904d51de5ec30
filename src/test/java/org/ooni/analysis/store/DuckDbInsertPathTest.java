package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.error.StoreError;

/**
 * DuckDB's {@code insertRows}, one {@code INSERT … SELECT} from a table function that serves the rows in chunks of
 * 2,048: it is all or nothing (rows of the chunks before a failure are dropped with the rest, and the connection
 * is usable after a failure), the rows land in the order given, strings come back byte for byte, and the
 * connections to one database file share one registration of the function, each insert reading its own rows.
 */
class DuckDbInsertPathTest {
    private static final TableSchema PAIRS = new TableSchema("pairs",
            List.of(new Column("name", ColumnType.STRING), new Column("n", ColumnType.INT64)), List.of("name"),
            Engine.MERGE_TREE);
    private static final int ROWS = 10_000;

    @TempDir
    Path dir;

    private DuckDbWarehouse open() {
        return DuckDbWarehouse.open(dir.resolve("t.duckdb").toString(), false);
    }

    private static Iterator<Object[]> rows(long count) {
        return LongStream.range(0, count).mapToObj(i -> new Object[] {"name-" + i, i}).iterator();
    }

    @Test
    void aFailureOfTheRowSourceLateInTheInsertLeavesTheTableAsItWas() {
        IllegalStateException boom = new IllegalStateException("source broke at row 7000");
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            wh.insertRows(PAIRS, rows(3));
            Iterator<Object[]> good = rows(ROWS);
            Iterator<Object[]> failing = new Iterator<>() {
                private int served;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Object[] next() {
                    if (++served > 7000) {
                        throw boom;
                    }
                    return good.next();
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> wh.insertRows(PAIRS, failing));
            assertSame(boom, e, "the source's own failure comes through unchanged");
            assertEquals(3, wh.countRows("pairs"), "none of the 7,000 rows appended before the failure stays");
            assertEquals(ROWS, wh.insertRows(PAIRS, rows(ROWS)), "the connection still inserts afterwards");
            assertEquals(3 + ROWS, wh.countRows("pairs"));
        }
    }

    @Test
    void aRowTheTableRefusesLateInTheInsertRollsBackTheWholeInsert() {
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            Iterator<Object[]> withNull = LongStream.range(0, ROWS)
                    .mapToObj(i -> new Object[] {i == 6000 ? null : "name-" + i, i}).iterator();
            StoreError e = assertThrows(StoreError.class, () -> wh.insertRows(PAIRS, withNull));
            assertTrue(e.getMessage().contains("insert into pairs"), e.getMessage());
            assertEquals(0, wh.countRows("pairs"), "rows of earlier chunks are rolled back too");
            wh.insertRows(PAIRS, rows(5));
            assertEquals(5, wh.countRows("pairs"), "the connection is back in auto-commit mode");
        }
    }

    @Test
    void aCompletedInsertIsCommittedAndDurable() {
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            assertEquals(ROWS, wh.insertRows(PAIRS, rows(ROWS)));
        }
        try (DuckDbWarehouse wh = DuckDbWarehouse.open(dir.resolve("t.duckdb").toString(), true)) {
            assertEquals(ROWS, wh.countRows("pairs"));
            List<List<String>> last = new ArrayList<>();
            wh.forEachRow("SELECT name, n FROM pairs WHERE n = " + (ROWS - 1), last::add);
            assertEquals(List.of(List.of("name-" + (ROWS - 1), String.valueOf(ROWS - 1))), last);
        }
    }

    @Test
    void stringsAroundTheInlineLengthComeBackExactly() {
        List<String> values = new ArrayList<>();
        for (int n = 0; n <= 14; n++) {
            values.add("x".repeat(n));
            values.add("é".repeat(n / 2) + "x".repeat(n % 2));
        }
        values.addAll(List.of("株式会社", "ООО", "a\u0000b", "€€€€", "\t\n"));
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            long i = 0;
            List<Object[]> rows = new ArrayList<>();
            for (String v : values) {
                rows.add(new Object[] {v, i++});
            }
            wh.insertRows(PAIRS, rows.iterator());
            List<String> back = new ArrayList<>();
            wh.forEachRow("SELECT name FROM pairs ORDER BY n", r -> back.add(r.get(0)));
            assertEquals(values, back);
        }
    }

    @Test
    void rowsOverManyChunksLandInTheOrderGiven() {
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            wh.insertRows(PAIRS, LongStream.range(0, ROWS).map(i -> ROWS - i).mapToObj(i -> new Object[] {"n" + i, i})
                    .iterator());
            List<String> firstAndLast = new ArrayList<>();
            // rowid is the position in the table: the first row given is rowid 0
            wh.forEachRow("SELECT n FROM pairs WHERE rowid IN (0, 2047, 2048, " + (ROWS - 1) + ") ORDER BY rowid",
                    r -> firstAndLast.add(r.get(0)));
            assertEquals(List.of(String.valueOf(ROWS), String.valueOf(ROWS - 2047), String.valueOf(ROWS - 2048), "1"),
                    firstAndLast);
        }
    }

    @Test
    void twoConnectionsToOneFileInsertIntoTheirOwnTables() {
        TableSchema other = new TableSchema("other_pairs", PAIRS.columns(), List.of("name"), Engine.MERGE_TREE);
        try (DuckDbWarehouse first = open(); DuckDbWarehouse second = open()) {
            first.recreateTable(PAIRS);
            second.recreateTable(other);
            assertEquals(3, first.insertRows(PAIRS, rows(3)));
            assertEquals(5000, second.insertRows(other, rows(5000)));
            assertEquals(7, first.insertRows(PAIRS, rows(7)));
            assertEquals(10, first.countRows("pairs"));
            assertEquals(5000, first.countRows("other_pairs"));
        }
    }

    @Test
    void connectionsThatComeAndGoRegisterTheRowSourceOnce() {
        try (DuckDbWarehouse holder = open()) {
            holder.recreateTable(PAIRS);
            for (int run = 0; run < 5; run++) {
                try (DuckDbWarehouse perRun = open()) {
                    perRun.insertRows(PAIRS, rows(10));
                }
            }
            assertEquals(50, holder.countRows("pairs"));
            List<String> registrations = new ArrayList<>();
            holder.forEachRow("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'ooni_rows'",
                    r -> registrations.add(r.get(0)));
            assertEquals(List.of("1"), registrations, "one registration for the database, not one per connection");
        }
    }

    @Test
    void insertsOnTwoConnectionsAtOnceEachGetTheirOwnRows() throws Exception {
        TableSchema other = new TableSchema("other_pairs", PAIRS.columns(), List.of("name"), Engine.MERGE_TREE);
        try (DuckDbWarehouse first = open(); DuckDbWarehouse second = open()) {
            first.recreateTable(PAIRS);
            second.recreateTable(other);
            Thread t = new Thread(() -> second.insertRows(other,
                    LongStream.range(0, 50_000).mapToObj(i -> new Object[] {"other-" + i, -i}).iterator()));
            t.start();
            first.insertRows(PAIRS, rows(50_000));
            t.join();
            List<String> check = new ArrayList<>();
            first.forEachRow("SELECT count(*), count(*) FILTER (WHERE name LIKE 'name-%' AND n >= 0) FROM pairs",
                    check::addAll);
            first.forEachRow("SELECT count(*), count(*) FILTER (WHERE name LIKE 'other-%' AND n <= 0) FROM other_pairs",
                    check::addAll);
            assertEquals(List.of("50000", "50000", "50000", "50000"), check);
        }
    }

    @Test
    void theInsertingThreadServesEveryChunkAndTheThreadSettingComesBack() {
        try (DuckDbWarehouse wh = open()) {
            wh.recreateTable(PAIRS);
            String before = setting(wh, "threads");
            Thread inserting = Thread.currentThread();
            List<Thread> servers = new ArrayList<>();
            // many chunks, so that a worker thread that took over the pipeline would serve some of them
            for (int run = 0; run < 5; run++) {
                Iterator<Object[]> source = rows(100_000);
                wh.insertRows(PAIRS, new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return source.hasNext();
                    }

                    @Override
                    public Object[] next() {
                        servers.add(Thread.currentThread());
                        return source.next();
                    }
                });
            }
            assertEquals(500_000, servers.size());
            assertTrue(servers.stream().allMatch(t -> t == inserting), () -> "rows were served on "
                    + servers.stream().filter(t -> t != inserting).findFirst().orElseThrow());
            assertEquals(before, setting(wh, "threads"), "the thread count after five inserts");
            Iterator<Object[]> failing = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Object[] next() {
                    throw new IllegalStateException("source broke");
                }
            };
            assertThrows(IllegalStateException.class, () -> wh.insertRows(PAIRS, failing));
            assertEquals(before, setting(wh, "threads"), "the thread count after a failed insert");
        }
    }

    private static String setting(DuckDbWarehouse wh, String name) {
        List<String> value = new ArrayList<>();
        wh.forEachRow("SELECT current_setting('" + name + "')", r -> value.add(r.get(0)));
        return value.get(0);
    }
}
