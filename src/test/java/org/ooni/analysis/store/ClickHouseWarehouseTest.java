package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.StoreError;

/** The warehouse contract, and connection failures, against the real ClickHouse server of CLICKHOUSE_URL. */
class ClickHouseWarehouseTest extends WarehouseContract {
    private static final String SECRET = "s3cret-Pw";

    private ClickHouseTestSupport database;

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @Override
    protected Warehouse openFresh() {
        database = ClickHouseTestSupport.createDatabase();
        return database.open(false);
    }

    @Override
    protected Warehouse reopen(boolean readOnly) {
        return database.open(readOnly);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected String expectedCsv() {
        return "\"name\",\"n\"\n\"back\\slash\",3\n\"comma, \"\"quoted\"\"\",1\n\"tab\there\nnewline\",2\n";
    }

    @Test
    void streamedFingerprintCoversNullableEnumAndArrayColumns() {
        try (ClickHouseHttp http = new ClickHouseHttp(database.url(), false)) {
            http.execute("create", "CREATE TABLE wrapped (id UInt32, maybe Nullable(String), lc Enum8('a' = 1, 'b' = 2, 'c' = 3),"
                    + " tags Array(String), at DateTime) ENGINE = MergeTree ORDER BY id");
            http.execute("insert", "INSERT INTO wrapped VALUES (1, NULL, 'a', ['x', 'y,z'], '2024-01-01 00:00:00'),"
                    + " (2, 'two\\n\"lines\"', 'b', [], '2024-02-01 12:00:00'), (3, '', 'a', ['\\''], '2024-03-01 00:00:00')");
        }
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Fingerprint fp = warehouse.exportCsvWithFingerprint("wrapped", null, streamed);
        assertEquals(warehouse.fingerprint("wrapped", null), fp);
        assertEquals(3, fp.rows());
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        warehouse.exportCsv("wrapped", null, plain);
        assertEquals(plain.toString(java.nio.charset.StandardCharsets.UTF_8).lines().sorted().toList(),
                streamed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().sorted().toList());
        // a row holding a NULL still counts with all its values: here only its enum value differs
        try (ClickHouseHttp http = new ClickHouseHttp(database.url(), false)) {
            http.execute("create", "CREATE TABLE wrapped_b AS wrapped");
            http.execute("insert", "INSERT INTO wrapped_b SELECT id, maybe, if(id = 1, 'c', toString(lc)), tags, at FROM wrapped");
        }
        Fingerprint other = warehouse.exportCsvWithFingerprint("wrapped_b", null, new ByteArrayOutputStream());
        assertEquals(warehouse.fingerprint("wrapped_b", null), other);
        assertEquals(3, other.rows());
        assertFalse(other.hash().equals(fp.hash()), "the NULL row's other values are in the hash");
    }

    @Test
    void fixedStringStreamsWithTheServersPadding() {
        warehouse.createTableIfMissing(ALL_TYPES);
        List<List<String>> read = new ArrayList<>();
        warehouse.forEachRow("SELECT toFixedString('ZZ', 4) AS cc, length(cc) AS n", read::add);
        assertEquals(List.of(List.of("ZZ", "4")), read, "forEachRow strips the NUL padding, the length stays 4");
    }

    @Test
    void failedInsertSaysHowManyRowsWereWritten() {
        TableSchema codes = new TableSchema("codes", List.of(new Column("cc", ColumnType.fixedString(2))),
                List.of("cc"), Engine.MERGE_TREE);
        warehouse.createTableIfMissing(codes);
        int bad = ClickHouseWarehouse.BATCH_ROWS + 10;
        Iterator<Object[]> rows = IntStream.range(0, bad + 5)
                .mapToObj(i -> new Object[] {i == bad ? "TOO LONG" : "ZZ"}).iterator();
        StoreError e = assertThrows(StoreError.class, () -> warehouse.insertRows(codes, rows));
        assertTrue(e.getMessage().contains("insert into codes after " + ClickHouseWarehouse.BATCH_ROWS + " rows"),
                e.getMessage());
        assertEquals(ClickHouseWarehouse.BATCH_ROWS, warehouse.countRows("codes"), "the first batch stays written");
    }

    @Test
    void wrongPasswordIsAStoreErrorWithoutThePassword() {
        StoreUrl url = with(database.url(), database.url().user(), SECRET, database.url().port());
        StoreError e = assertThrows(StoreError.class, () -> Warehouses.open(url, false));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().startsWith(url.toString() + ": connect: "), e.getMessage());
        assertTrue(e.getMessage().contains("***"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void unreachableServerIsAStoreErrorWithoutThePassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StoreUrl url = with(database.url(), "default", SECRET, port);
        StoreError e = assertThrows(StoreError.class, () -> Warehouses.open(url, true));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().startsWith(url.toString() + ": connect: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void unknownDatabaseIsAStoreError() {
        StoreUrl url = database.url();
        StoreUrl missing = new StoreUrl(url.kind(), null, url.https(), url.user(), url.password(), url.host(),
                url.port(), url.database() + "_missing");
        StoreError e = assertThrows(StoreError.class, () -> Warehouses.open(missing, false));
        assertTrue(e.getMessage().contains(missing.database()), e.getMessage());
    }

    private static StoreUrl with(StoreUrl url, String user, String password, int port) {
        return new StoreUrl(url.kind(), null, url.https(), user, password, url.host(), port, url.database());
    }
}
