package org.ooni.analysis.store;

import com.clickhouse.data.ClickHouseFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.ooni.analysis.error.StoreError;

/**
 * ClickHouse over HTTP with the official client-v2, for servers from 18.16 (Debian's package) to current ones.
 *
 * <p>What a swap guarantees. Each live table that does not exist yet is first created empty with
 * {@code CREATE TABLE live AS staging}. Then:
 * <ul>
 *   <li>In an {@code Atomic} (or {@code Replicated}) database, the default since 20.10, each pair is swapped with
 *       {@code EXCHANGE TABLES}, which is atomic for that pair. Several pairs go into ONE
 *       {@code EXCHANGE TABLES s1 AND l1, s2 AND l2} statement, which the server runs pair after pair (documented
 *       as sequential, not atomic, up to 26.x): for the moment between two exchanges a reader can see the new
 *       first table with the old second one, and a server crash or an error on a later pair leaves the earlier
 *       pairs exchanged. No statement of these servers swaps several tables at once.</li>
 *   <li>Elsewhere (an {@code Ordinary} database, and every database on 18.16, which has no EXCHANGE) all pairs go
 *       into ONE {@code RENAME TABLE l TO l_swap_aside, s TO l, l_swap_aside TO s, ...} statement. On 18.16 the
 *       server locks every table involved, then does all renames holding its global context lock, which name
 *       lookups also take; its source says this makes the chain atomic "from the point of view of DBMS client,
 *       but only in cases when there was no exceptions during this process and server does not fall". The renames
 *       are separate metadata-file moves, so a failure or crash mid-statement can leave a partial swap (e.g. a
 *       leftover {@code _swap_aside} table, which makes the next swap fail loudly rather than lose data). Newer
 *       servers document a multi-table RENAME as not atomic, which is why EXCHANGE is used where it exists.</li>
 * </ul>
 *
 * <p>Other choices: DATETIME columns are {@code DateTime('UTC')} so their text is UTC whatever the server's time
 * zone; rows are inserted as TabSeparated in batches of at most {@value #BATCH_ROWS} rows or {@value #BATCH_BYTES}
 * bytes; query results are read as explicit text formats, never RowBinary.
 */
public final class ClickHouseWarehouse implements Warehouse, CsvBulkInsert {
    private static final String ROW_HASH_COLUMN = "__ooni_row_hash";
    /** The export's read size: 128 KiB, as the buffer in front of zstd. */
    private static final int EXPORT_READ_BYTES = 128 * 1024;
    static final int BATCH_ROWS = 100_000;
    static final long BATCH_BYTES = 32L << 20;

    private final StoreUrl url;
    private final ClickHouseHttp http;
    private final ServerTraits traits;

    /** What the server offers that the SQL we send depends on, learned once when connecting. */
    private record ServerTraits(String version, boolean exchangeTables, boolean embeddedRocksDb,
                                boolean preciseFloatParsing) {
    }

    private ClickHouseWarehouse(StoreUrl url, ClickHouseHttp http, ServerTraits traits) {
        this.url = url;
        this.http = http;
        this.traits = traits;
    }

    /** Connects and checks the server answers, the credentials work and the database exists. */
    public static Warehouse open(StoreUrl url, boolean readOnly) {
        return open(url, readOnly ? ClickHouseHttp.Access.READ_ONLY : ClickHouseHttp.Access.READ_WRITE);
    }

    /** For a user's SQL: {@code readonly=1}, which refuses writes, setting changes and every table function. */
    public static Warehouse openSealed(StoreUrl url) {
        return open(url, ClickHouseHttp.Access.SEALED);
    }

    private static Warehouse open(StoreUrl url, ClickHouseHttp.Access access) {
        ClickHouseHttp http = new ClickHouseHttp(url, access);
        try {
            return new ClickHouseWarehouse(url, http, probe(http));
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    private static ServerTraits probe(ClickHouseHttp http) {
        List<String> row = new ArrayList<>();
        // system.databases has an engine column on every version; EXCHANGE TABLES needs an Atomic-like engine
        collect(http, "connect", "SELECT version(), (SELECT any(engine) FROM system.databases"
                + " WHERE name = currentDatabase()), (SELECT count() FROM system.table_engines"
                + " WHERE name = 'EmbeddedRocksDB'), (SELECT count() FROM system.settings"
                + " WHERE name = 'precise_float_parsing')", row::addAll);
        if (row.size() != 4) {
            throw new StoreError(http.describe() + ": connect: unexpected answer to the probe: " + row);
        }
        String engine = row.get(1);
        return new ServerTraits(row.get(0), engine.equals("Atomic") || engine.equals("Replicated"),
                !row.get(2).equals("0"), !row.get(3).equals("0"));
    }

    private static void collect(ClickHouseHttp http, String what, String sql, Consumer<List<String>> rows) {
        http.query(what, sql, ClickHouseFormat.TabSeparatedWithNamesAndTypes, in -> {
            new TsvResultReader(in).forEach(rows);
            return null;
        });
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public StoreUrl.Kind kind() {
        return StoreUrl.Kind.CLICKHOUSE;
    }

    /** Server version, as {@code SELECT version()} gave it when connecting. */
    @Override
    public String version() {
        return traits.version();
    }

    // whether the server's version (major.minor) is at least maj.min
    private boolean serverAtLeast(int maj, int min) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(traits.version());
        if (!m.find()) {
            return true;
        }
        int major = Integer.parseInt(m.group(1));
        return major > maj || major == maj && Integer.parseInt(m.group(2)) >= min;
    }

    /** Server version, as {@code SELECT version()} gave it when connecting. */
    public String serverVersion() {
        return traits.version();
    }

    @Override
    public void createTableFromDdl(String table, String ddl) {
        dropTableIfExists(table);
        http.execute("create table " + table + " from DDL", ddl);
    }

    /** TabSeparated text in batches like {@link #insertRows}; the server parses each value for its column. */
    @Override
    public long insertText(String table, List<String> columns, Iterator<String[]> rows) {
        TableSchema.requireIdentifier(table);
        columns.forEach(TableSchema::requireIdentifier);
        java.util.Map<String, String> types = new java.util.HashMap<>();
        nativeColumns(table).forEach(c -> types.put(c.name(), c.type()));
        boolean[] raw = new boolean[columns.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = types.getOrDefault(columns.get(i), "").replaceAll("^(Nullable|LowCardinality)\\(", "")
                    .matches("(Array|Tuple|Map|Nested)\\(.*");
        }
        TsvBatch batch = new TsvBatch(List.of());
        long written = 0;
        while (rows.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StoreError(describe() + ": insert into " + table + " interrupted after "
                        + (written + batch.rows()) + " rows");
            }
            batch.addText(rows.next(), raw);
            if (batch.rows() >= BATCH_ROWS || batch.sizeInBytes() >= BATCH_BYTES) {
                written += sendText(table, columns, batch, written);
            }
        }
        if (batch.rows() > 0) {
            written += sendText(table, columns, batch, written);
        }
        return written;
    }

    private int sendText(String table, List<String> columns, TsvBatch batch, long writtenBefore) {
        int n = batch.rows();
        http.insert("insert into " + table + " after " + writtenBefore + " rows", table, columns, batch.content());
        batch.clear();
        return n;
    }

    @Override
    public void createTableIfMissing(TableSchema schema) {
        http.execute("create table " + schema.name(), ClickHouseSql.createTable(schema, true, traits.embeddedRocksDb()));
    }

    @Override
    public void recreateTable(TableSchema schema) {
        dropTableIfExists(schema.name());
        http.execute("recreate table " + schema.name(), ClickHouseSql.createTable(schema, false, traits.embeddedRocksDb()));
    }

    /** A CREATE that loses the race fails with "already exists"; the table being there is what tells the two apart. */
    @Override
    public boolean createTableExclusive(TableSchema schema) {
        try {
            http.execute("create table " + schema.name(), ClickHouseSql.createTable(schema, false, traits.embeddedRocksDb()));
            return true;
        } catch (StoreError e) {
            if (tableExists(schema.name())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void dropTableIfExists(String table) {
        http.execute("drop table " + table, "DROP TABLE IF EXISTS " + ClickHouseSql.identifier(table));
    }

    @Override
    public boolean tableExists(String table) {
        ClickHouseSql.identifier(table);
        return queryLong("check table " + table, "SELECT count() FROM system.tables"
                + " WHERE database = currentDatabase() AND name = " + ClickHouseSql.string(table)) > 0;
    }

    @Override
    public long insertRows(TableSchema schema, Iterator<Object[]> rows) {
        List<Column> columns = schema.columns();
        TsvBatch batch = new TsvBatch(columns);
        long written = 0;
        while (rows.hasNext()) {
            // A bulk load is where a long job spends its time, so this is where an abort (an interrupt) is noticed.
            if (Thread.currentThread().isInterrupted()) {
                throw new StoreError(describe() + ": insert into " + schema.name() + " interrupted after "
                        + (written + batch.rows()) + " rows");
            }
            Object[] row = rows.next();
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row has " + row.length + " values, table " + schema.name()
                        + " has " + columns.size() + " columns");
            }
            try {
                batch.add(row);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new StoreError(describe() + ": insert into " + schema.name() + " after " + written
                        + " rows: row " + (written + batch.rows()) + ": " + e.getMessage(), e);
            }
            if (batch.rows() >= BATCH_ROWS || batch.sizeInBytes() >= BATCH_BYTES) {
                written += send(schema, batch, written);
            }
        }
        if (batch.rows() > 0) {
            written += send(schema, batch, written);
        }
        return written;
    }

    private int send(TableSchema schema, TsvBatch batch, long writtenBefore) {
        int n = batch.rows();
        http.insert("insert into " + schema.name() + " after " + writtenBefore + " rows", schema.name(),
                schema.columnNames(), batch.content());
        batch.clear();
        return n;
    }

    /** One {@code INSERT INTO t (columns) FORMAT CSVWithNames} whose body is the stream, read as the server asks. */
    @Override
    public void insertCsvWithNames(String table, List<String> columns, InputStream csv) {
        TableSchema.requireIdentifier(table);
        java.util.Map<String, String> types = new java.util.HashMap<>();
        nativeColumns(table).forEach(c -> types.put(c.name(), c.type()));
        boolean floats = columns.stream().anyMatch(c -> FLOAT.matcher(types.getOrDefault(c, "")).matches());
        if (!floats || !traits.preciseFloatParsing() || serverAtLeast(26, 7)) {
            http.insert("insert CSV into " + table, table, columns, csv, ClickHouseFormat.CSVWithNames);
            return;
        }
        insertCsvWithPreciseFloats(table, columns, types, csv);
    }

    private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
            "(Nullable\\()?Float(32|64)\\)?");

    /**
     * The CSV into a table of its own where Float columns are text, then into {@code table} converted by
     * {@code toFloat32/64} under {@code precise_float_parsing = 1}: input formats read floats with the fast parser
     * whatever that setting says (servers 23.8 to 26.6), which misses the stored value by a bit or two for about a
     * third of all Float64 and a fifth of all Float32 bit patterns (measured on 26.5 with random bit patterns, their
     * own CSV read back); the conversion functions honour it and read every one back exactly. From 26.7 input
     * formats honour it too, and it is their default.
     */
    private void insertCsvWithPreciseFloats(String table, List<String> columns, java.util.Map<String, String> types,
                                            InputStream csv) {
        String text = table + "_float_text";
        List<String> defs = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            String col = ClickHouseSql.identifier(c);
            java.util.regex.Matcher f = FLOAT.matcher(types.getOrDefault(c, ""));
            if (f.matches()) {
                defs.add(col + (f.group(1) != null ? " Nullable(String)" : " String"));
                select.add("toFloat" + f.group(2) + "(" + col + ") AS " + col);
            } else {
                defs.add(col + " " + types.get(c));
                select.add(col);
            }
        }
        createTableFromDdl(text, "CREATE TABLE " + ClickHouseSql.identifier(text) + " (" + String.join(", ", defs)
                + ") ENGINE = MergeTree ORDER BY tuple()");
        try {
            http.insert("insert CSV into " + text, text, columns, csv, ClickHouseFormat.CSVWithNames);
            http.execute("insert into " + table + " from " + text, "INSERT INTO " + ClickHouseSql.identifier(table)
                    + " (" + ClickHouseSql.identifiers(columns) + ") SELECT " + String.join(", ", select) + " FROM "
                    + ClickHouseSql.identifier(text) + " SETTINGS precise_float_parsing = 1");
        } finally {
            dropTableIfExists(text);
        }
    }

    @Override
    public long countRows(String table) {
        return queryLong("count " + table, "SELECT count() FROM " + ClickHouseSql.identifier(table));
    }

    /**
     * 18.16 has no EXCEPT, so this is {@code NOT IN}: a row counts when no row of {@code other} has the same
     * values, and duplicates in {@code table} each count (no multiset subtraction).
     */
    @Override
    public long countRowsMissingFrom(String table, String other, List<String> columns) {
        String cols = "(" + ClickHouseSql.identifiers(columns) + ")";
        return queryLong("diff " + table + " against " + other, "SELECT count() FROM " + ClickHouseSql.identifier(table)
                + " WHERE " + cols + " NOT IN (SELECT " + ClickHouseSql.identifiers(columns) + " FROM "
                + ClickHouseSql.identifier(other) + ")");
    }

    @Override
    public void swap(List<SwapPair> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        for (SwapPair pair : pairs) {
            if (!tableExists(pair.live())) {
                http.execute("create " + pair.live() + " for swap", "CREATE TABLE "
                        + ClickHouseSql.identifier(pair.live()) + " AS " + ClickHouseSql.identifier(pair.staging()));
            }
        }
        if (traits.exchangeTables()) {
            // one statement for every pair: the server runs the exchanges back to back whatever happens to this
            // client (a client killed between two statements would leave the first pair swapped alone)
            List<String> exchanges = new ArrayList<>();
            for (SwapPair pair : pairs) {
                exchanges.add(ClickHouseSql.identifier(pair.staging()) + " AND " + ClickHouseSql.identifier(pair.live()));
            }
            http.execute("swap " + pairs, "EXCHANGE TABLES " + String.join(", ", exchanges));
            return;
        }
        List<String> renames = new ArrayList<>();
        for (SwapPair pair : pairs) {
            String live = ClickHouseSql.identifier(pair.live());
            String staging = ClickHouseSql.identifier(pair.staging());
            String aside = ClickHouseSql.identifier(pair.live() + "_swap_aside");
            renames.add(live + " TO " + aside);
            renames.add(staging + " TO " + live);
            renames.add(aside + " TO " + staging);
        }
        http.execute("swap " + pairs, "RENAME TABLE " + String.join(", ", renames));
    }

    /** Streams the server's own bytes; FixedString values keep the NUL padding ClickHouse gives them. */
    @Override
    public void streamQuery(String sql, OutputFormat format, OutputStream out) {
        ClickHouseFormat f = format == OutputFormat.TSV_WITH_NAMES
                ? ClickHouseFormat.TabSeparatedWithNames : ClickHouseFormat.CSVWithNames;
        // a failing destination (closed pipe, failed upload) is not a store error: it surfaces unchecked, as in DuckDB
        OutputStream sink = new UncheckedOutputStream(out);
        http.query("query", sql, f, in -> {
            in.transferTo(sink);
            sink.flush();
            return null;
        });
    }

    @Override
    public void forEachRow(String sql, Consumer<List<String>> row) {
        collect(http, "query", sql, row);
    }

    /**
     * Servers before 19.x have no query parameters ({@code {p1:String}} sent as {@code param_p1}: 18.16 answers
     * "Unknown setting param_p1"), and 18.16 is the oldest server this back end supports, so every value is bound
     * by rendering it as a literal of its Java type, never as text the caller composed: a String as a quoted
     * literal with quote, backslash and NUL escaped ({@link ClickHouseSql#string}), a number as its digits, a
     * date or time as a quoted ISO text the server parses for the compared column.
     */
    @Override
    public void forEachRow(String sql, List<?> params, Consumer<List<String>> row) {
        collect(http, "query", ClickHouseSql.bind(sql, params), row);
    }

    @Override
    public List<String> listTables() {
        List<String> names = new ArrayList<>();
        collect(http, "list tables", "SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " AND NOT is_temporary ORDER BY name", r -> names.add(r.get(0)));
        return names;
    }

    @Override
    public TableInfo describeTable(String table) {
        String name = ClickHouseSql.identifier(table);
        List<TableInfo.NativeColumn> columns = nativeColumns(table);
        List<String> key = new ArrayList<>();
        collect(http, "describe " + table, "SELECT sorting_key FROM system.tables WHERE database = currentDatabase()"
                + " AND name = " + ClickHouseSql.string(table), r -> key.add(r.get(0)));
        List<String> ddl = new ArrayList<>();
        collect(http, "describe " + table, "SHOW CREATE TABLE " + name, r -> ddl.add(r.get(0)));
        // sorting_key is an expression list such as "n, a"; only plain column names are usable as keyset keys
        List<String> sortKey = key.isEmpty() || key.get(0).isBlank() ? List.of()
                : java.util.Arrays.stream(key.get(0).split(",")).map(String::strip).toList();
        return new TableInfo(table, columns, sortKey, ddl.isEmpty() ? "" : ddl.get(0));
    }

    @Override
    public void exportCsv(String table, RowRange range, OutputStream out) {
        streamQuery(exportQuery(table, range), OutputFormat.CSV_WITH_NAMES, out);
    }

    /** The query {@link #exportCsv} sends for a chunk (the output format is added to it when sent). */
    public String exportQuery(String table, RowRange range) {
        return "SELECT * FROM " + ClickHouseSql.identifier(table) + where(range);
    }

    /**
     * The columns {@code SELECT *} gives, which are what an export carries: MATERIALIZED, ALIAS and EPHEMERAL
     * columns are left out (production's {@code fastpath.update_time DateTime64(3) MATERIALIZED now64()}); a
     * restore creates the table from these and the server computes nothing it would not carry back.
     */
    private List<TableInfo.NativeColumn> nativeColumns(String table) {
        List<TableInfo.NativeColumn> columns = new ArrayList<>();
        // DESCRIBE's third column is the default kind, on 18.16 as on current servers
        collect(http, "describe " + table, "DESCRIBE TABLE " + ClickHouseSql.identifier(table), r -> {
            if (r.size() < 3 || !List.of("MATERIALIZED", "ALIAS", "EPHEMERAL").contains(r.get(2))) {
                columns.add(new TableInfo.NativeColumn(r.get(0), r.get(1)));
            }
        });
        return columns;
    }

    // LowCardinality(Nullable(T)) holds NULLs too
    private static boolean nullable(String type) {
        return type.startsWith("Nullable(") || type.startsWith("LowCardinality(Nullable(");
    }

    /**
     * The per-row hash that fingerprints add up: {@code cityHash64(*)}, except that a Nullable column goes in as
     * {@code isNull(c), ifNull(toString(c), '')}: cityHash64 of a NULL is NULL and {@code sum} skips it, so a row
     * with a NULL anywhere would otherwise count without its values; and a column of a type that cityHash64 refuses on
     * some server (Decimal, UUID, arrays of Nullable on 18.16) goes in as its text, {@code toString(c)}. Then each
     * column is hashed alone and the row hash is cityHash64 of those, at most 16 to a call: 18.16 gave a different
     * sum of a cityHash64 of 34 arguments over the same rows from one query to the next (28 were stable; in the
     * all-types table the cause was its toString of a Decimal128, see {@link #text}, but the grouping stays so that
     * recorded fingerprints still match). Tables without such columns keep the plain form, so their fingerprints
     * match manifests written before these rules.
     */
    private String rowHash(String table) {
        List<TableInfo.NativeColumn> columns = nativeColumns(table);
        if (columns.stream().noneMatch(c -> nullable(c.type()) || !directlyHashable(c.type()))) {
            return "cityHash64(*)";
        }
        List<String> hashes = columns.stream().map(c -> {
            String col = ClickHouseSql.identifier(c.name());
            if (nullable(c.type())) {
                // not assumeNotNull(c): under a NULL it gives whatever the column stores there, which depends on
                // how the row was written (a TSV and a CSV insert of the same NULL store different values)
                return "cityHash64(isNull(" + col + "), ifNull(" + text(col, c.type()) + ", ''))";
            }
            return "cityHash64(" + (directlyHashable(c.type()) ? col : text(col, c.type())) + ")";
        }).toList();
        // at most 16 arguments per call: over 30 or so, 18.16 summed different hashes over the same rows
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i += 16) {
            groups.add(String.join(", ", hashes.subList(i, Math.min(hashes.size(), i + 16))));
        }
        return groups.size() == 1 ? "cityHash64(" + groups.get(0) + ")"
                : groups.stream().map(g -> "cityHash64(" + g + ")").collect(java.util.stream.Collectors.joining(", ", "cityHash64(", ")"));
    }

    private static final java.util.Set<String> HASHABLE = java.util.Set.of("Array", "Tuple", "LowCardinality",
            "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "String",
            "FixedString", "Date", "DateTime", "Enum8", "Enum16");

    // every type name in it (enum labels and time zones left out) is one cityHash64 takes on every server
    private static boolean directlyHashable(String type) {
        String names = type.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(names);
        while (m.find()) {
            if (!HASHABLE.contains(m.group())) {
                return false;
            }
        }
        return true;
    }

    // Decimal128 and wider: Decimal(P, S) with P over 18, Decimal128(S), Decimal256(S), maybe inside Nullable
    private static final java.util.regex.Pattern WIDE_DECIMAL = java.util.regex.Pattern.compile(
            "(?:Nullable\\()?(?:Decimal\\((19|[2-9]\\d)\\s*,\\s*\\d+\\)|Decimal(128|256)\\(\\d+\\))\\)?");

    /**
     * A column's value as a string to hash: {@code toString(c)}, except for a Decimal of more than 18 digits on
     * servers before 19.1, whose bytes are hashed ({@code reinterpretAsString}): 18.16's {@code toString} of a
     * Decimal128 writes bytes it does not own (NULs and leftovers of other rows), so its hash changed from one
     * query to the next and no fingerprint of such a table could be reproduced. Its CSV output is right.
     */
    private String text(String col, String type) {
        if (!serverAtLeast(19, 1) && WIDE_DECIMAL.matcher(type).matches()) {
            return "reinterpretAsString(" + col + ")";
        }
        return "toString(" + col + ")";
    }


    @Override
    public Fingerprint fingerprint(String table, RowRange range) {
        List<String> row = new ArrayList<>();
        collect(http, "fingerprint " + table, "SELECT count(), sum(" + rowHash(table) + ") FROM "
                + ClickHouseSql.identifier(table) + where(range), row::addAll);
        return new Fingerprint(Long.parseLong(row.get(0)), row.get(1));
    }

    /**
     * One query: {@code SELECT *, cityHash64(*) AS __ooni_row_hash} (the hash as {@link #rowHash} builds it;
     * {@code *} inside {@code cityHash64} stays the table's columns), so each row's hash is the one
     * {@link #fingerprint} sums. {@link StreamedFingerprint} strips that last column from the CSV and adds the
     * hashes up. The response is passed on in full blocks of {@link #EXPORT_READ_BYTES}: a read returns at most
     * the rest of one HTTP chunk, and 18.16 sends 4 KiB chunks, so passing on each read made a call chain per
     * 4 KiB. A read that fails is the connection breaking, reported with the rows that had arrived whole.
     */
    @Override
    public Fingerprint exportCsvWithFingerprint(String table, RowRange range, OutputStream out) {
        StreamedFingerprint hashes = new StreamedFingerprint(out, ROW_HASH_COLUMN);
        // a failing destination (closed pipe, failed upload) is not a store error: it surfaces unchecked
        OutputStream sink = new UncheckedOutputStream(hashes);
        String what = "export of " + table;
        http.query(what, "SELECT *, " + rowHash(table) + " AS " + ROW_HASH_COLUMN + " FROM "
                + ClickHouseSql.identifier(table) + where(range), ClickHouseFormat.CSVWithNames, in -> {
                    byte[] block = new byte[EXPORT_READ_BYTES];
                    while (true) {
                        int n;
                        try {
                            n = in.readNBytes(block, 0, block.length);
                        } catch (IOException e) {
                            throw new StoreError(describe() + ": " + what + ": connection broke after "
                                    + hashes.rows() + " rows: " + ClickHouseHttp.reason(e), e);
                        }
                        if (n > 0) {
                            sink.write(block, 0, n);
                        }
                        if (n < block.length) {
                            break;
                        }
                    }
                    sink.flush();
                    return null;
                });
        try {
            return hashes.finish();
        } catch (IOException e) {
            throw new StoreError(describe() + ": " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> months(String table, String column) {
        List<String> months = new ArrayList<>();
        collect(http, "months of " + table, "SELECT DISTINCT toString(toYYYYMM(" + ClickHouseSql.identifier(column)
                + ")) AS m FROM " + ClickHouseSql.identifier(table) + " ORDER BY m", r -> months.add(r.get(0)));
        return months;
    }

    @Override
    public Optional<String> keysetPageEnd(String table, String column, ColumnType.Kind kind, String after, long rows) {
        String col = ClickHouseSql.identifier(column);
        List<String> row = new ArrayList<>();
        // max() of no rows is the type's default value on ClickHouse, so the count says whether there is a page
        collect(http, "keyset page of " + table, "SELECT count(), toString(max(" + col + ")) FROM (SELECT " + col
                + " FROM " + ClickHouseSql.identifier(table) + where(new RowRange(column, kind, after, false, null, false))
                + " ORDER BY " + col + " LIMIT " + rows + ")", row::addAll);
        return row.get(0).equals("0") ? Optional.empty() : Optional.of(row.get(1));
    }

    private static String where(RowRange range) {
        return range == null ? "" : " WHERE " + range.sql(ClickHouseSql::identifier, ClickHouseSql::string);
    }

    @Override
    public Optional<String> readState(String key) {
        if (!tableExists(StateTable.SCHEMA.name())) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        collect(http, "read state " + key, "SELECT argMax(`value`, `updated`) FROM " + stateTable()
                + " WHERE `key` = " + ClickHouseSql.string(key) + " GROUP BY `key`", r -> found.add(r.get(0)));
        return found.stream().findFirst();
    }

    /**
     * DateTime has whole seconds, so two writes within one second would tie on {@code updated}. Each write
     * therefore stamps at least one second after the key's latest stamp: {@code updated} is the write time, or
     * slightly later after bursts, and the latest write always has the largest stamp.
     */
    @Override
    public void writeState(String key, String value) {
        createTableIfMissing(StateTable.SCHEMA);
        long latest = queryLong("read state " + key, "SELECT toUInt32(max(`updated`)) FROM " + stateTable()
                + " WHERE `key` = " + ClickHouseSql.string(key));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant stamp = latest > 0 && !now.isAfter(Instant.ofEpochSecond(latest)) ? Instant.ofEpochSecond(latest + 1) : now;
        TsvBatch batch = new TsvBatch(StateTable.SCHEMA.columns());
        batch.add(new Object[] {key, value, stamp});
        http.insert("write state " + key, StateTable.SCHEMA.name(), StateTable.SCHEMA.columnNames(), batch.content());
    }

    private static String stateTable() {
        return ClickHouseSql.identifier(StateTable.SCHEMA.name());
    }

    private long queryLong(String what, String sql) {
        List<String> values = new ArrayList<>();
        collect(http, what, sql, r -> values.add(r.get(0)));
        if (values.size() != 1) {
            throw new StoreError(describe() + ": " + what + ": expected one row, got " + values.size());
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            throw new StoreError(describe() + ": " + what + ": not a number: " + values.get(0), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
