package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.Warehouse;

/**
 * The all-types round trip on DuckDB: every integer width (HUGEINT and UHUGEINT included), FLOAT/DOUBLE, DECIMAL,
 * VARCHAR, BLOB, BOOLEAN, UUID, DATE, TIME, TIMESTAMP in its four precisions, TIMESTAMPTZ, INTERVAL, ENUM, LIST,
 * fixed-size ARRAY, STRUCT and MAP, with a DEFAULT and a generated column.
 */
class AllTypesRoundTripDuckDbTest extends AllTypesRoundTripContract {

    @TempDir
    Path storeDir;
    private DuckDbTestFiles files;

    @Override
    protected String freshStore() {
        files = files == null ? new DuckDbTestFiles(storeDir) : files;
        return files.fresh();
    }

    @Override
    protected Warehouse open() {
        return files.open();
    }

    @Override
    protected List<Col> columns(String version) {
        List<Col> c = new ArrayList<>();
        c.add(new Col("id", "INTEGER NOT NULL", IntStream.range(0, ROWS).mapToObj(Integer::toString).toList()));
        c.add(new Col("i8", "TINYINT", cycle("-128", "127", "0")));
        c.add(new Col("i16", "SMALLINT", cycle("-32768", "32767", "0")));
        c.add(new Col("i32", "INTEGER", cycle("-2147483648", "2147483647", "0")));
        c.add(new Col("i64", "BIGINT NOT NULL", cycle("-9223372036854775808", "9223372036854775807", "0")));
        c.add(new Col("i128", "HUGEINT", cycle("-170141183460469231731687303715884105728",
                "170141183460469231731687303715884105727", "0")));
        c.add(new Col("u8", "UTINYINT", cycle("0", "255")));
        c.add(new Col("u16", "USMALLINT", cycle("0", "65535")));
        c.add(new Col("u32", "UINTEGER", cycle("0", "4294967295")));
        c.add(new Col("u64", "UBIGINT", cycle("0", "18446744073709551615", "9223372036854775808")));
        c.add(new Col("u128", "UHUGEINT", cycle("0", "340282366920938463463374607431768211455")));
        c.add(new Col("f32", "FLOAT", cycle("3.4028235e38", "-1.17549435e-38", "1e-45", "inf", "-inf", "nan", "0.1",
                "-0.0")));
        c.add(new Col("f64", "DOUBLE", cycle("1.7976931348623157e308", "5e-324", "-inf", "nan", "0.1", "-0.0",
                "2.2250738585072014e-308")));
        c.add(new Col("d4", "DECIMAL(4,1)", cycle("-999.9", "999.9", "0.0")));
        c.add(new Col("d9", "DECIMAL(9,2)", cycle("-9999999.99", "9999999.99", "0.01")));
        c.add(new Col("d18", "DECIMAL(18,4)", cycle("-99999999999999.9999", "99999999999999.9999", "0.0001")));
        c.add(new Col("d38", "DECIMAL(38,10)", cycle("-9999999999999999999999999999.9999999999",
                "9999999999999999999999999999.9999999999", "0.0000000001")));
        c.add(new Col("s", "VARCHAR", AWKWARD));
        c.add(new Col("s_not_null", "VARCHAR NOT NULL", AWKWARD));
        c.add(new Col("ns", "VARCHAR", withNulls(AWKWARD)));
        c.add(new Col("blob", "BLOB", cycle("", "\\x00\\xFF", "nul\\x00quote\"comma,\\x0D\\x0A", "\\x5Cx41")));
        c.add(new Col("bool", "BOOLEAN", withNulls(cycle("true", "false"))));
        c.add(new Col("uuid", "UUID", withNulls(cycle("00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "550e8400-e29b-41d4-a716-446655440000"))));
        c.add(new Col("d", "DATE", withNulls(cycle("1970-01-01", "0001-01-01", "9999-12-31", "2024-02-29", "infinity",
                "-infinity"))));
        c.add(new Col("t", "TIME", cycle("00:00:00", "23:59:59.999999", "12:34:56.5")));
        c.add(new Col("ts", "TIMESTAMP", withNulls(cycle("1970-01-01 00:00:00", "0001-01-01 00:00:00",
                "9999-12-31 23:59:59.999999", "2024-02-29 12:34:56.5", "infinity", "-infinity"))));
        c.add(new Col("ts_s", "TIMESTAMP_S", cycle("1970-01-01 00:00:00", "2262-04-11 23:47:16")));
        c.add(new Col("ts_ms", "TIMESTAMP_MS", cycle("1970-01-01 00:00:00.001", "2024-02-29 23:59:59.999")));
        c.add(new Col("ts_ns", "TIMESTAMP_NS", cycle("1677-09-22 00:00:00.000000001", "2262-04-11 23:47:16.854775806",
                "2024-02-29 23:59:59.123456789")));
        c.add(new Col("tstz", "TIMESTAMPTZ", cycle("1970-01-01 00:00:00+00", "2024-03-31 02:30:00.123456+02",
                "2000-01-01 00:00:00-11:30")));
        c.add(new Col("iv", "INTERVAL", cycle("0 seconds", "1 year 2 months 3 days 04:05:06.789",
                "-1 day -00:00:00.000001", "100 months")));
        c.add(new Col("e", "ENUM('a', 'quote''s', 'z', '🎉', '')", withNulls(cycle("a", "quote's", "z", "🎉", ""))));
        c.add(new Col("list_s", "VARCHAR[]", withNulls(cycle("[]", "[a, 'b,c', 'quote\\'s', NULL, '']",
                "['🎉', 'back\\\\slash', '[x]', '\"dq\"']"))));
        c.add(new Col("list_i", "BIGINT[]", cycle("[]", "[NULL, 1, -9223372036854775808]", "[NULL]")));
        c.add(new Col("list_list", "UBIGINT[][]", cycle("[[]]", "[[18446744073709551615], [0, 1], NULL]")));
        c.add(new Col("arr", "INTEGER[3]", withNulls(cycle("[1, 2, 3]", "[NULL, -2147483648, 2147483647]"))));
        c.add(new Col("st", "STRUCT(a VARCHAR, b TINYINT)", withNulls(cycle("{'a': 'x', 'b': -128}",
                "{'a': NULL, 'b': 127}", "{'a': 'quote\\'s, {braces}', 'b': NULL}"))));
        c.add(new Col("mp", "MAP(VARCHAR, UBIGINT)", withNulls(cycle("{}", "{a=1, 'b\\'c'=NULL}",
                "{'🎉'=18446744073709551615}"))));
        c.add(new Col("with_default", "VARCHAR DEFAULT 'dflt'", cycle("set", "")));
        return c;
    }

    @Override
    protected String createTable(String name, List<Col> columns) {
        String defs = columns.stream().map(c -> "\"" + c.name() + "\" " + c.type()).collect(Collectors.joining(", "));
        return "CREATE TABLE \"" + name + "\" (" + defs + ", \"g\" BIGINT GENERATED ALWAYS AS (i64 // 2) VIRTUAL)";
    }

    @Override
    protected String ddl(Warehouse w, String table) {
        List<List<String>> rows = rows(w, "SELECT sql FROM duckdb_tables() WHERE table_name = '" + table + "'");
        String sql = rows.get(0).get(0);
        return sql.replaceFirst("^CREATE TABLE (\"?)" + table + "\\1", "CREATE TABLE T");
    }

    @Override
    protected List<String> computedColumns() {
        return List.of("g");
    }

    @Test
    void aTypeWhoseTextCannotBeReadBackRefusesTheRestoreBeforeAnythingIsCreated() throws Exception {
        String db = freshStore();
        try (Warehouse w = open()) {
            w.createTableFromDdl("tagged", "CREATE TABLE tagged (id INTEGER, u UNION(num INTEGER, str VARCHAR))");
            w.insertText("tagged", List.of("id", "u"), List.of(new String[] {"1", "2"}, new String[] {"2", null})
                    .iterator());
        }
        Path config = config("tagged = \"full\"");
        CliRun.Result backup = cli(db, config, "backup");
        assertEquals(0, backup.exitCode(), backup.err());

        CliRun.Result restore = cli(db, config, "restore", "tagged", "--into", "tagged_copy");

        assertEquals(4, restore.exitCode(), restore.err());
        assertTrue(restore.err().contains(": cannot restore tagged: column u UNION(num INTEGER, str VARCHAR): its"
                + " values' text does not say which member each is, so they cannot be read back exactly; nothing was"
                + " loaded"), restore.err());
        try (Warehouse w = open()) {
            assertEquals(List.of("tagged"), w.listTables().stream().filter(t -> t.contains("tagged")).toList());
        }
    }
}
