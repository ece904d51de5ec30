package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.StoreError;

/**
 * What every {@link Warehouse} back end must do, run against a real database by each subclass.
 * Each test gets an empty database from {@link #openFresh}.
 */
abstract class WarehouseContract {
    static final TableSchema ALL_TYPES = new TableSchema("all_types", List.of(
            new Column("id", ColumnType.UINT32),
            new Column("s", ColumnType.STRING),
            new Column("cc", ColumnType.fixedString(32)),
            new Column("kind", ColumnType.enum8(List.of("dns", "http's", "a\\b"))),
            new Column("u8", ColumnType.UINT8),
            new Column("i64", ColumnType.INT64),
            new Column("f32", ColumnType.FLOAT32),
            new Column("f64", ColumnType.FLOAT64),
            new Column("day", ColumnType.DATE),
            new Column("at", ColumnType.DATETIME)),
            List.of("id"), Engine.MERGE_TREE);

    static final TableSchema PAIRS = new TableSchema("pairs",
            List.of(new Column("name", ColumnType.STRING), new Column("n", ColumnType.INT64)),
            List.of("name"), Engine.MERGE_TREE);

    static final List<String> TRICKY_STRINGS = List.of(
            "plain", "", "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "trailing\\", "\\N",
            "single ' and double \" quotes", "comma, and \"quoted\"", "Ελληνικά 日本語 🎉");

    protected Warehouse warehouse;

    /** Opens a new, empty database (the previous one, if any, is closed by the test first). */
    protected abstract Warehouse openFresh();

    /** Reopens the database {@link #openFresh} last made, read-only or not. */
    protected abstract Warehouse reopen(boolean readOnly);

    /**
     * The CSV text of {@link #csvSample()}. Both back ends write valid RFC 4180, in different dialects: DuckDB
     * quotes only when needed and ends lines with CRLF; ClickHouse quotes every string and ends lines with LF.
     */
    protected abstract String expectedCsv();

    @BeforeEach
    void open() {
        warehouse = openFresh();
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void describesItself() {
        assertFalse(warehouse.describe().isBlank());
    }

    @Test
    void createsDropsAndRecreatesTables() {
        assertFalse(warehouse.tableExists("pairs"));
        warehouse.createTableIfMissing(PAIRS);
        assertTrue(warehouse.tableExists("pairs"));
        warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}));

        warehouse.createTableIfMissing(PAIRS);
        assertEquals(1, warehouse.countRows("pairs"), "an existing table is left as it is");

        warehouse.recreateTable(PAIRS);
        assertTrue(warehouse.tableExists("pairs"));
        assertEquals(0, warehouse.countRows("pairs"), "a recreated table is empty");

        warehouse.dropTableIfExists("pairs");
        assertFalse(warehouse.tableExists("pairs"));
        warehouse.dropTableIfExists("pairs");
    }

    @Test
    void createsTablesOfEveryEngine() {
        for (Engine engine : Engine.values()) {
            TableSchema schema = new TableSchema("by_" + engine.name().toLowerCase(Locale.ROOT), PAIRS.columns(),
                    List.of("name"), engine);
            warehouse.createTableIfMissing(schema);
            warehouse.insertRows(schema, rows(new Object[] {"a", 1L}, new Object[] {"b", 2L}));
            assertEquals(2, warehouse.countRows(schema.name()), engine.name());
        }
    }

    @Test
    void roundTripsEveryColumnType() {
        warehouse.createTableIfMissing(ALL_TYPES);
        Instant at = Instant.parse("2024-02-29T23:59:58Z");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < TRICKY_STRINGS.size(); i++) {
            rows.add(new Object[] {4_000_000_000L + i, TRICKY_STRINGS.get(i), i % 2 == 0 ? "ZZ" : "IT", List.of("dns", "http's", "a\\b").get(i % 3),
                    255, -9_000_000_000_000_000_000L + i, 0.5f, 1.25, LocalDate.of(2024, 2, 29), at});
        }
        assertEquals(rows.size(), warehouse.insertRows(ALL_TYPES, rows.iterator()));

        List<List<String>> read = new ArrayList<>();
        warehouse.forEachRow("SELECT * FROM all_types ORDER BY id", read::add);
        assertEquals(rows.size(), read.size());
        for (int i = 0; i < rows.size(); i++) {
            Object[] w = rows.get(i);
            assertEquals(List.of(Long.toString(4_000_000_000L + i), TRICKY_STRINGS.get(i), (String) w[2], (String) w[3], "255",
                    Long.toString(-9_000_000_000_000_000_000L + i), "0.5", "1.25", "2024-02-29", "2024-02-29 23:59:58"),
                    read.get(i), "row " + i);
        }
    }

    @Test
    void filtersOnStringValuesWrittenWithEscapes() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.insertRows(PAIRS, TRICKY_STRINGS.stream().map(s -> new Object[] {s, 1L}).iterator());
        List<List<String>> read = new ArrayList<>();
        warehouse.forEachRow("SELECT count(*) AS n FROM pairs WHERE name = 'tab\there' OR name = ''", read::add);
        assertEquals(List.of(List.of("2")), read);
    }

    @Test
    void swapsTwoPairsAtOnce() {
        TableSchema dns = PAIRS.named("fp_dns");
        TableSchema http = PAIRS.named("fp_http");
        for (TableSchema live : List.of(dns, http)) {
            warehouse.createTableIfMissing(live);
            warehouse.insertRows(live, rows(new Object[] {"old", 1L}));
            warehouse.recreateTable(live.named(live.name() + "_tmp"));
            warehouse.insertRows(live.named(live.name() + "_tmp"), rows(new Object[] {"new", 2L}, new Object[] {"new2", 3L}));
        }

        warehouse.swap(List.of(new SwapPair("fp_dns_tmp", "fp_dns"), new SwapPair("fp_http_tmp", "fp_http")));

        for (String live : List.of("fp_dns", "fp_http")) {
            assertEquals(List.of("new", "new2"), names(live), live + " holds the new rows");
            assertEquals(List.of("old"), names(live + "_tmp"), live + "_tmp holds the old rows");
        }
        assertFalse(warehouse.tableExists("fp_dns_swap_aside"));
    }

    @Test
    void swapCreatesAMissingLiveTable() {
        warehouse.recreateTable(PAIRS.named("pairs_tmp"));
        warehouse.insertRows(PAIRS.named("pairs_tmp"), rows(new Object[] {"first", 1L}));

        warehouse.swap(List.of(new SwapPair("pairs_tmp", "pairs")));

        assertEquals(List.of("first"), names("pairs"));
        assertTrue(warehouse.tableExists("pairs_tmp"));
        assertEquals(0, warehouse.countRows("pairs_tmp"));
    }

    @Test
    void countsRowsMissingFromAnotherTable() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.createTableIfMissing(PAIRS.named("pairs_new"));
        warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"c", 3L}));
        warehouse.insertRows(PAIRS.named("pairs_new"), rows(new Object[] {"a", 1L}, new Object[] {"b", 20L},
                new Object[] {"d", 4L}, new Object[] {"d", 4L}, new Object[] {"a", 1L}));

        assertEquals(3, warehouse.countRowsMissingFrom("pairs_new", "pairs", List.of("name", "n")),
                "b/20 and both copies of d/4; the second a/1 has an equal row in pairs");
        assertEquals(2, warehouse.countRowsMissingFrom("pairs_new", "pairs", List.of("name")));
        assertEquals(2, warehouse.countRowsMissingFrom("pairs", "pairs_new", List.of("name", "n")));
        assertEquals(0, warehouse.countRowsMissingFrom("pairs", "pairs", List.of("name", "n")));
    }

    @Test
    void keepsTheLatestStateValue() {
        assertEquals(Optional.empty(), warehouse.readState("citizenlab"));
        warehouse.writeState("citizenlab", "commit-1");
        warehouse.writeState("citizenlab", "commit-2");
        warehouse.writeState("other", "x\ty\nz '\\");
        assertEquals(Optional.of("commit-2"), warehouse.readState("citizenlab"));
        warehouse.writeState("citizenlab", "commit-3");
        assertEquals(Optional.of("commit-3"), warehouse.readState("citizenlab"));
        assertEquals(Optional.of("x\ty\nz '\\"), warehouse.readState("other"));
        assertEquals(Optional.empty(), warehouse.readState("missing"));
    }

    @Test
    void streamsTsvWithNames() {
        loadCsvSample();
        assertEquals("name\tn\nback\\\\slash\t3\ncomma, \"quoted\"\t1\ntab\\there\\nnewline\t2\n", stream(OutputFormat.TSV_WITH_NAMES));
    }

    @Test
    void streamsCsvWithNames() {
        loadCsvSample();
        assertEquals(expectedCsv(), stream(OutputFormat.CSV_WITH_NAMES));
    }

    /** Rows behind {@link #expectedCsv()}. */
    static List<Object[]> csvSample() {
        return List.of(new Object[] {"comma, \"quoted\"", 1L}, new Object[] {"tab\there\nnewline", 2L},
                new Object[] {"back\\slash", 3L});
    }

    private void loadCsvSample() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.insertRows(PAIRS, csvSample().iterator());
    }

    private String stream(OutputFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        warehouse.streamQuery("SELECT name, n FROM pairs ORDER BY name", format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void insertsManyRowsInBatches() {
        warehouse.createTableIfMissing(PAIRS);
        long n = 300_000;
        Iterator<Object[]> rows = LongStream.range(0, n).mapToObj(i -> new Object[] {"name-" + i, i}).iterator();
        assertEquals(n, warehouse.insertRows(PAIRS, rows));
        assertEquals(n, warehouse.countRows("pairs"));
        List<List<String>> sum = new ArrayList<>();
        warehouse.forEachRow("SELECT sum(n) AS s, count(DISTINCT name) AS d FROM pairs", sum::add);
        assertEquals(List.of(List.of(Long.toString(n * (n - 1) / 2), Long.toString(n))), sum);
    }

    @Test
    void refusesNullValues() {
        warehouse.createTableIfMissing(PAIRS);
        StoreError e = assertThrows(StoreError.class,
                () -> warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}, new Object[] {null, 2L})));
        assertTrue(e.getMessage().contains("pairs"), e.getMessage());
    }

    @Test
    void readOnlyModeRefusesWrites() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}));
        warehouse.close();
        warehouse = reopen(true);

        assertEquals(1, warehouse.countRows("pairs"), "reads work");
        assertThrows(StoreError.class, () -> warehouse.createTableIfMissing(PAIRS.named("other")));
        assertThrows(StoreError.class, () -> warehouse.insertRows(PAIRS, rows(new Object[] {"b", 2L})));
        assertThrows(StoreError.class, () -> warehouse.forEachRow("INSERT INTO pairs VALUES ('c', 3)", r -> { }));
        assertThrows(StoreError.class, () -> warehouse.forEachRow("DROP TABLE pairs", r -> { }));
        warehouse.close();
        warehouse = reopen(false);
        assertEquals(List.of("a"), names("pairs"), "nothing was written");
    }

    @Test
    void reportsABadQueryAsStoreError() {
        StoreError e = assertThrows(StoreError.class,
                () -> warehouse.forEachRow("SELECT * FROM no_such_table", r -> { }));
        assertTrue(e.getMessage().startsWith(warehouse.describe()), e.getMessage());
        assertThrows(StoreError.class, () -> warehouse.streamQuery("SELEC 1", OutputFormat.TSV_WITH_NAMES,
                new ByteArrayOutputStream()));
        assertThrows(StoreError.class, () -> warehouse.countRows("no_such_table"));
    }

    @Test
    void passesTheConsumersOwnFailureUnchanged() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}));
        IllegalStateException mine = new IllegalStateException("consumer failed");
        assertSame(mine, assertThrows(IllegalStateException.class,
                () -> warehouse.forEachRow("SELECT name FROM pairs", r -> {
                    throw mine;
                })));
    }

    // --- backup support: listing, describing, range export, fingerprints, chunk boundaries ---

    @Test
    void listsAndDescribesTables() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.createTableIfMissing(ALL_TYPES);
        assertEquals(List.of("all_types", "pairs"), warehouse.listTables());
        TableInfo info = warehouse.describeTable("all_types");
        assertEquals(ALL_TYPES.columnNames(), info.columnNames());
        assertTrue(info.ddl().contains("all_types"), info.ddl());
        assertThrows(StoreError.class, () -> warehouse.describeTable("no_such_table"));
    }

    @Test
    void exportsOneRangeAsCsvWithNames() {
        warehouse.createTableIfMissing(PAIRS);
        warehouse.insertRows(PAIRS, LongStream.range(0, 10).mapToObj(i -> new Object[] {"n" + i, i}).iterator());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        warehouse.exportCsv("pairs", RowRange.page("n", ColumnType.Kind.INT64, "3", "6"), out);
        org.ooni.analysis.csv.CsvReader reader = new org.ooni.analysis.csv.CsvReader(
                new java.io.ByteArrayInputStream(out.toByteArray()), "export");
        List<List<String>> records = new ArrayList<>();
        for (var r = reader.next(); r != null; r = reader.next()) {
            records.add(List.of(r.fields()));
        }
        assertEquals(List.of("name", "n"), records.get(0));
        assertEquals(List.of(List.of("n4", "4"), List.of("n5", "5"), List.of("n6", "6")),
                records.subList(1, records.size()).stream().sorted(java.util.Comparator.comparing(l -> l.get(1))).toList());
    }

    @Test
    void fingerprintsIgnoreRowOrderButSeeEveryValue() {
        TableSchema other = PAIRS.named("pairs_b");
        warehouse.createTableIfMissing(PAIRS);
        warehouse.createTableIfMissing(other);
        warehouse.insertRows(PAIRS, rows(new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"c", 3L}));
        warehouse.insertRows(other, rows(new Object[] {"c", 3L}, new Object[] {"a", 1L}, new Object[] {"b", 2L}));
        Fingerprint whole = warehouse.fingerprint("pairs", null);
        assertEquals(3, whole.rows());
        assertEquals(whole, warehouse.fingerprint("pairs_b", null), "same rows in another order");
        RowRange firstTwo = RowRange.page("n", ColumnType.Kind.INT64, null, "2");
        assertEquals(2, warehouse.fingerprint("pairs", firstTwo).rows());
        assertFalse(whole.hash().equals(warehouse.fingerprint("pairs", firstTwo).hash()));

        warehouse.insertRows(other, rows(new Object[] {"d", 3L}));
        warehouse.forEachRow("SELECT 1", r -> { });
        Fingerprint changed = warehouse.fingerprint("pairs_b", RowRange.page("n", ColumnType.Kind.INT64, null, "3"));
        assertEquals(4, changed.rows());
        assertFalse(whole.hash().equals(changed.hash()), "one more row changes the hash");
        assertEquals(new Fingerprint(0, "0"), warehouse.fingerprint("pairs", RowRange.page("n", ColumnType.Kind.INT64, "9", null)));
    }

    @Test
    void exportWithFingerprintStreamsTheSameCsvAndTheStoresOwnFingerprint() {
        warehouse.createTableIfMissing(PAIRS);
        List<Object[]> stored = new ArrayList<>();
        for (int i = 0; i < HOSTILE_STRINGS.size(); i++) {
            stored.add(new Object[] {HOSTILE_STRINGS.get(i), (long) i});
        }
        stored.add(new Object[] {"comma, \"quoted\"\r\nand\nlines", 100L});
        stored.add(new Object[] {"", 101L});
        warehouse.insertRows(PAIRS, stored.iterator());
        for (RowRange range : java.util.Arrays.asList(null, RowRange.page("n", ColumnType.Kind.INT64, "3", "100"),
                RowRange.page("n", ColumnType.Kind.INT64, "500", null))) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            warehouse.exportCsv("pairs", range, plain);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            Fingerprint fp = warehouse.exportCsvWithFingerprint("pairs", range, streamed);
            assertEquals(sortedLines(plain), sortedLines(streamed), "same CSV for " + range);
            assertEquals(warehouse.fingerprint("pairs", range), fp, "same fingerprint for " + range);
        }
        Fingerprint all = warehouse.exportCsvWithFingerprint("pairs", null, new ByteArrayOutputStream());
        assertEquals(stored.size(), all.rows());
    }

    private static List<String> sortedLines(ByteArrayOutputStream csv) {
        return csv.toString(java.nio.charset.StandardCharsets.UTF_8).lines().sorted().toList();
    }

    @Test
    void findsMonthsAndKeysetPages() {
        warehouse.createTableIfMissing(ALL_TYPES);
        List<Object[]> rows = new ArrayList<>();
        Instant[] times = {Instant.parse("2023-12-31T23:59:59Z"), Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-03-15T12:00:00Z"), Instant.parse("2024-03-31T23:59:59Z")};
        for (int i = 0; i < times.length; i++) {
            rows.add(new Object[] {(long) i * 10, "s", "ZZ", "dns", 1, 1L, 0.5f, 1.0,
                    LocalDate.ofInstant(times[i], java.time.ZoneOffset.UTC), times[i]});
        }
        warehouse.insertRows(ALL_TYPES, rows.iterator());
        assertEquals(List.of("202312", "202401", "202403"), warehouse.months("all_types", "at"));
        assertEquals(List.of("202312", "202401", "202403"), warehouse.months("all_types", "day"));
        RowRange january = RowRange.halfOpen("at", ColumnType.Kind.DATETIME, "2024-01-01 00:00:00", "2024-02-01 00:00:00");
        assertEquals(1, warehouse.fingerprint("all_types", january).rows());
        RowRange march = RowRange.halfOpen("day", ColumnType.Kind.DATE, "2024-03-01", "2024-04-01");
        assertEquals(2, warehouse.fingerprint("all_types", march).rows());

        assertEquals(Optional.of("10"), warehouse.keysetPageEnd("all_types", "id", ColumnType.Kind.UINT32, null, 2));
        assertEquals(Optional.of("30"), warehouse.keysetPageEnd("all_types", "id", ColumnType.Kind.UINT32, "10", 2));
        assertEquals(Optional.empty(), warehouse.keysetPageEnd("all_types", "id", ColumnType.Kind.UINT32, "30", 2));
    }

    static final List<String> HOSTILE_STRINGS = List.of("it's", "back\\slash", "trailing\\", "'; DROP TABLE pairs; --",
            "x' OR '1'='1", "nul\0byte", "Ελληνικά 日本語 🎉", "question ? mark", "\\'", "`tick`", "\"dq\"");

    @Test
    void bindsHostileStringsAsValuesNeverAsSql() {
        warehouse.createTableIfMissing(PAIRS);
        List<Object[]> stored = new ArrayList<>();
        for (int i = 0; i < HOSTILE_STRINGS.size(); i++) {
            stored.add(new Object[] {HOSTILE_STRINGS.get(i), (long) i});
        }
        warehouse.insertRows(PAIRS, stored.iterator());
        for (int i = 0; i < HOSTILE_STRINGS.size(); i++) {
            String value = HOSTILE_STRINGS.get(i);
            List<List<String>> found = new ArrayList<>();
            warehouse.forEachRow("SELECT name, n FROM pairs WHERE name = ? AND n = ?", List.of(value, (long) i),
                    found::add);
            assertEquals(List.of(List.of(value, String.valueOf(i))), found, "bound " + value);
        }
        // a value that would close the quote and inject a condition matches nothing, and drops nothing
        List<List<String>> none = new ArrayList<>();
        warehouse.forEachRow("SELECT name FROM pairs WHERE name = ?", List.of("nothing' OR '1'='1"), none::add);
        assertEquals(List.of(), none);
        assertEquals(HOSTILE_STRINGS.size(), warehouse.countRows("pairs"));
    }

    @Test
    void bindsIntegersDatesAndTimesAndLeavesQuotedQuestionMarksAlone() {
        Instant at = Instant.parse("2024-03-15T12:00:00Z");
        warehouse.createTableIfMissing(ALL_TYPES);
        warehouse.insertRows(ALL_TYPES, rows(new Object[] {7L, "s?", "ZZ", "dns", 1, 1L, 0.5f, 1.0,
            LocalDate.parse("2024-03-15"), at}));
        List<List<String>> found = new ArrayList<>();
        warehouse.forEachRow("SELECT id, s FROM all_types WHERE id = ? AND i64 = ? AND day = ? AND \"at\" >= ? AND \"at\" < ?"
                + " AND s = 's?'", List.of(7, 1L, LocalDate.parse("2024-03-15"), at, at.plusSeconds(1)), found::add);
        assertEquals(List.of(List.of("7", "s?")), found);
        found.clear();
        warehouse.forEachRow("SELECT id FROM all_types WHERE \"at\" > ?", List.of(at), found::add);
        assertEquals(List.of(), found);
    }

    @Test
    void refusesPlaceholderAndValueCountsThatDiffer() {
        warehouse.createTableIfMissing(PAIRS);
        assertThrows(RuntimeException.class,
                () -> warehouse.forEachRow("SELECT name FROM pairs WHERE name = ?", List.of("a", "b"), r -> { }));
        assertThrows(RuntimeException.class,
                () -> warehouse.forEachRow("SELECT name FROM pairs WHERE name = ? AND n = ?", List.of("a"), r -> { }));
    }

    protected List<String> names(String table) {
        List<String> names = new ArrayList<>();
        warehouse.forEachRow("SELECT name FROM " + table + " ORDER BY name", r -> names.add(r.get(0)));
        return names;
    }

    static Iterator<Object[]> rows(Object[]... rows) {
        return List.of(rows).iterator();
    }
}
