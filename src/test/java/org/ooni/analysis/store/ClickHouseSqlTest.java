package org.ooni.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL and literals the ClickHouse back end sends, checked as text (the server tests run them for real). */
class ClickHouseSqlTest {
    private static final TableSchema KV = new TableSchema("kv",
            List.of(new Column("key", ColumnType.STRING), new Column("at", ColumnType.DATETIME)),
            List.of("key"), Engine.EMBEDDED_ROCKSDB);

    @Test
    void quotesStringLiterals() {
        assertEquals("'it\\'s a \\\\ b'", ClickHouseSql.string("it's a \\ b"));
    }

    @Test
    void rendersEnumCodesFromOne() {
        assertEquals("Enum8('dns' = 1, 'it\\'s' = 2)", ClickHouseSql.type(ColumnType.enum8(List.of("dns", "it's"))));
        assertThrows(IllegalArgumentException.class,
                () -> ClickHouseSql.type(ColumnType.enum8(Collections.nCopies(128, "x"))));
    }

    @Test
    void usesEmbeddedRocksDbOnlyWhereTheServerHasIt() {
        assertEquals("CREATE TABLE IF NOT EXISTS `kv` (`key` String, `at` DateTime('UTC')) ENGINE = EmbeddedRocksDB"
                + " PRIMARY KEY `key`", ClickHouseSql.createTable(KV, true, true));
        assertEquals("CREATE TABLE `kv` (`key` String, `at` DateTime('UTC')) ENGINE = MergeTree ORDER BY (`key`)",
                ClickHouseSql.createTable(KV, false, false));
    }

    @Test
    void rendersReplacingMergeTreeAndAnEmptyKey() {
        assertEquals("CREATE TABLE `kv` (`key` String, `at` DateTime('UTC')) ENGINE = ReplacingMergeTree ORDER BY (`key`)",
                ClickHouseSql.createTable(new TableSchema("kv", KV.columns(), List.of("key"), Engine.REPLACING_MERGE_TREE),
                        false, false));
        assertEquals("CREATE TABLE `kv` (`key` String, `at` DateTime('UTC')) ENGINE = MergeTree ORDER BY tuple()",
                ClickHouseSql.createTable(new TableSchema("kv", KV.columns(), List.of(), Engine.MERGE_TREE), false, false));
    }
}
