package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.ClickHouseTestSupport;
import org.ooni.analysis.store.Warehouse;

/**
 * The all-types round trip on the ClickHouse server of CLICKHOUSE_URL (18.16 in CI, a current server when the suite
 * runs against one): every type that server has, each type it lacks skipped by name with the version it needs.
 */
class AllTypesRoundTripClickHouseTest extends AllTypesRoundTripContract {
    private ClickHouseTestSupport database;

    @BeforeAll
    static void requireServer() {
        ClickHouseTestSupport.serverUrl();
    }

    @Override
    protected String freshStore() {
        database = ClickHouseTestSupport.createDatabase();
        return database.dbArgument();
    }

    @Override
    protected Warehouse open() {
        return database.open(false);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected List<Col> columns(String version) {
        CrossStoreTypes.Target server = CrossStoreTypes.Target.of(version);
        List<Col> c = new ArrayList<>();
        c.add(new Col("id", "UInt32", IntStream.range(0, ROWS).mapToObj(Integer::toString).toList()));
        c.add(new Col("i8", "Int8", cycle("-128", "127", "0", "-1")));
        c.add(new Col("i16", "Int16", cycle("-32768", "32767", "0")));
        c.add(new Col("i32", "Int32", cycle("-2147483648", "2147483647", "0")));
        c.add(new Col("i64", "Int64", cycle("-9223372036854775808", "9223372036854775807", "0")));
        c.add(new Col("u8", "UInt8", cycle("0", "255")));
        c.add(new Col("u16", "UInt16", cycle("0", "65535")));
        c.add(new Col("u32", "UInt32", cycle("0", "4294967295")));
        c.add(new Col("u64", "UInt64", cycle("0", "18446744073709551615", "9223372036854775808")));
        c.add(new Col("f32", "Float32", cycle("3.4028235e38", "-1.1754944e-38", "inf", "-inf", "nan", "0.1", "-0")));
        c.add(new Col("f64", "Float64", cycle("1.7976931348623157e308", "5e-324", "-inf", "nan", "0.1", "-0")));
        c.add(new Col("d9", "Decimal(9, 2)", cycle("-9999999.99", "9999999.99", "0.00")));
        c.add(new Col("d18", "Decimal(18, 4)", cycle("-99999999999999.9999", "99999999999999.9999", "0.0001")));
        c.add(new Col("d38", "Decimal(38, 10)", cycle("-9999999999999999999999999999.9999999999",
                "9999999999999999999999999999.9999999999", "0.0000000001")));
        c.add(new Col("s", "String", AWKWARD));
        c.add(new Col("fs", "FixedString(4)", cycle("", "a", "a\0b", "abcd", "\0\0\0\0", "é")));
        c.add(new Col("uuid", "UUID", cycle("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "550e8400-e29b-41d4-a716-446655440000")));
        c.add(new Col("d", "Date", cycle("1970-01-01", "2105-12-31", "2024-02-29")));
        c.add(new Col("dt", "DateTime", cycle("1970-01-02 00:00:00", "2105-12-31 23:59:59", "2024-02-29 12:34:56")));
        c.add(new Col("dt_tokyo", "DateTime('Asia/Tokyo')", cycle("1970-01-02 09:00:00", "2105-12-31 23:59:59",
                "2024-02-29 12:34:56")));
        c.add(new Col("dt_utc", "DateTime('UTC')", cycle("1970-01-01 00:00:01", "2024-02-29 23:59:59")));
        c.add(new Col("e8", "Enum8('a' = -128, 'quote\\'s' = 0, 'z' = 127)", cycle("a", "quote's", "z")));
        c.add(new Col("e16", "Enum16('low' = -32768, 'high' = 32767)", cycle("low", "high")));
        c.add(new Col("ns", "Nullable(String)", withNulls(AWKWARD)));
        c.add(new Col("ni8", "Nullable(Int8)", withNulls(cycle("-128", "127"))));
        c.add(new Col("nu64", "Nullable(UInt64)", withNulls(cycle("18446744073709551615", "0"))));
        c.add(new Col("nf64", "Nullable(Float64)", withNulls(cycle("nan", "1.5"))));
        c.add(new Col("nd", "Nullable(Date)", withNulls(cycle("2024-01-01"))));
        c.add(new Col("ndt", "Nullable(DateTime('UTC'))", withNulls(cycle("2024-01-01 00:00:00"))));
        c.add(new Col("arr_s", "Array(String)", cycle("[]", "['a','b,c','quote\\'s','\\\\N','']", "['🎉','nul\\0']")));
        c.add(new Col("arr_ni", "Array(Nullable(Int32))", cycle("[]", "[NULL,1,-2147483648]", "[NULL]")));
        c.add(new Col("arr_arr", "Array(Array(UInt64))", cycle("[[]]", "[[18446744073709551615],[0,1]]")));
        c.add(new Col("tup", "Tuple(String, Int8)", cycle("('a',-128)", "('',127)", "('quote\\'s\\n',0)")));
        c.add(new Col("with_default", "String DEFAULT 'dflt'", cycle("set", "")));
        if (server.atLeast(19, 3)) {
            c.add(new Col("ip4", "IPv4", cycle("0.0.0.0", "255.255.255.255", "192.0.2.1")));
            c.add(new Col("ip6", "IPv6", cycle("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::1")));
            c.add(new Col("codec", "String CODEC(ZSTD(3))", AWKWARD));
        } else {
            skipped("IPv4, IPv6, CODEC", "server " + version + " is older than 19.3");
        }
        if (server.atLeast(19, 9)) {
            c.add(new Col("lc", "LowCardinality(String)", AWKWARD));
            c.add(new Col("lcn", "LowCardinality(Nullable(String))", withNulls(AWKWARD)));
        } else {
            skipped("LowCardinality", "server " + version + " has it only behind an experimental setting (19.9+)");
        }
        if (server.atLeast(20, 1)) {
            c.add(new Col("dt64", "DateTime64(3, 'UTC')", cycle("1970-01-01 00:00:00.000", "2024-02-29 23:59:59.999")));
            c.add(new Col("dt64_ns", "DateTime64(9, 'Europe/Rome')", cycle("2024-03-31 02:30:00.123456789",
                    "2000-01-01 00:00:00.000000001")));
        } else {
            skipped("DateTime64", "server " + version + " is older than 20.1");
        }
        if (server.atLeast(21, 9)) {
            c.add(new Col("i128", "Int128", cycle("-170141183460469231731687303715884105728",
                    "170141183460469231731687303715884105727")));
            c.add(new Col("u256", "UInt256", cycle("0", "115792089237316195423570985008687907853269984665640564039457584007913129639935")));
            c.add(new Col("d32", "Date32", cycle("1900-01-01", "2299-12-31")));
            c.add(new Col("map", "Map(String, Nullable(UInt64))", cycle("{}", "{'a':1,'b\\'':NULL}", "{'🎉':18446744073709551615}")));
        } else {
            skipped("Int128, UInt256, Date32, Map", "server " + version + " is older than 21.9");
        }
        if (server.atLeast(22, 3)) {
            c.add(new Col("b", "Bool", cycle("true", "false")));
        } else {
            skipped("Bool", "server " + version + " is older than 22.3");
        }
        return c;
    }

    @Override
    protected String createTable(String name, List<Col> columns) {
        String defs = columns.stream().map(c -> "`" + c.name() + "` " + c.type()).collect(Collectors.joining(", "));
        return "CREATE TABLE " + name + " (" + defs + ", `m` UInt64 MATERIALIZED u64 + 1, `a` String ALIAS concat(s, '!'))"
                + " ENGINE = MergeTree ORDER BY id SETTINGS index_granularity = 3";
    }

    @Override
    protected String ddl(Warehouse w, String table) {
        List<List<String>> rows = rows(w, "SHOW CREATE TABLE " + table);
        return rows.get(0).get(0).replace("." + table + " ", ".T ").replace("." + table + "\n", ".T\n");
    }

    @Override
    protected List<String> computedColumns() {
        return List.of("m", "a");
    }

    /**
     * Floats of every bit pattern (NaN aside), many of which a server's fast float parser reads back a bit or two
     * off from their own CSV text: restored exactly where the server parses precisely (23.8 and later), refused
     * (exit 5, nothing created) where it cannot (18.16); never exit 0 with changed values.
     */
    @Test
    void floatsOfEveryBitPatternComeBackExactlyOrTheRestoreRefuses() throws Exception {
        String db = freshStore();
        boolean precise;
        try (Warehouse w = open()) {
            // reinterpretAsFloat of a String: 18.16 has no reinterpret between numbers
            w.createTableFromDdl("floats", "CREATE TABLE floats ENGINE = MergeTree ORDER BY id AS SELECT"
                    + " toUInt32(number) AS id, reinterpretAsFloat32(reinterpretAsString(toUInt32(rand(number)))) AS f32,"
                    + " if(number % 5 = 0, NULL, reinterpretAsFloat64(reinterpretAsString(rand64(number)))) AS f64"
                    + " FROM numbers(2000) WHERE NOT isNaN(f32) AND NOT isNaN(ifNull(f64, 0))");
            List<List<String>> has = rows(w, "SELECT count() FROM system.settings WHERE name = 'precise_float_parsing'");
            precise = !has.get(0).get(0).equals("0");
        }
        Path config = config("floats = \"full\"");
        CliRun.Result backup = cli(db, config, "backup");
        assertEquals(0, backup.exitCode(), backup.err());

        CliRun.Result restore = cli(db, config, "restore", "floats", "--into", "floats_copy");

        try (Warehouse w = open()) {
            if (precise) {
                assertEquals(0, restore.exitCode(), restore.err());
                String bits = "SELECT id, hex(reinterpretAsString(f32)), hex(reinterpretAsString(f64)) FROM %s ORDER BY id";
                assertEquals(rows(w, bits.formatted("floats")), rows(w, bits.formatted("floats_copy")));
                assertTrue(w.countRows("floats") > 1900, "rows: " + w.countRows("floats"));
            } else {
                skipped("exact floats", "server " + w.version() + " has no precise float parsing: asserting the refusal");
                assertEquals(5, restore.exitCode(), restore.err());
                assertTrue(restore.err().contains("fingerprint"), restore.err());
                assertFalse(w.tableExists("floats_copy"));
                assertEquals(List.of("floats"), w.listTables().stream().filter(t -> t.startsWith("floats")).toList());
            }
        }
    }
}
