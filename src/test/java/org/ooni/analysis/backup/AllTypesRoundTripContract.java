package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.Warehouse;

/**
 * A table with one column of every type the store supports (subclasses declare them, with values at each type's
 * edges, NULLs, empty strings, NUL bytes, quotes, CR/LF and non-BMP text) goes through backup and restore; the
 * restored table must have the same DDL (only the name differs), the same rows value for value (NULL as NULL), the
 * same MATERIALIZED/ALIAS/DEFAULT values and the same fingerprint.
 */
abstract class AllTypesRoundTripContract {
    /** Characters that break naive CSV, TSV or SQL handling; each must come back unchanged. */
    static final List<String> AWKWARD = List.of("", "\\N", "NULL", "quote \" and ' and `", "cr\rlf\r\nlf\n",
            "nul\0byte", "tab\tcomma,semi;", "back\\slash\\", "🎉 non-BMP 𝄞 Ελληνικά 日本語", "   ");

    /** Rows in the table: one per awkward string. */
    static final int ROWS = AWKWARD.size();

    /** {@code values} repeated over the rows. */
    static List<String> cycle(String... values) {
        return java.util.stream.IntStream.range(0, ROWS).mapToObj(i -> values[i % values.length])
                .collect(java.util.stream.Collectors.toList());
    }

    /** The values with every third row NULL. */
    static List<String> withNulls(List<String> values) {
        List<String> out = new ArrayList<>(values);
        for (int i = 0; i < out.size(); i += 3) {
            out.set(i, null);
        }
        return out;
    }

    /** A column: its DDL definition, and its value text per row (null for NULL) as {@code insertText} takes it. */
    record Col(String name, String type, List<String> values) {
    }

    private static S3TestServer s3;
    private static int bucketNo;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A fresh empty store; returns its --db value. */
    protected abstract String freshStore();

    protected abstract Warehouse open();

    /** The columns this store's server supports; types it lacks are reported with {@link #skipped}. */
    protected abstract List<Col> columns(String serverVersion);

    /** CREATE TABLE for the columns (an {@code id} key column first is part of them). */
    protected abstract String createTable(String name, List<Col> columns);

    /** The table's DDL as the store shows it, with its name replaced by {@code T}, for comparing two tables. */
    protected abstract String ddl(Warehouse w, String table);

    /** Columns that are not in {@code SELECT *} (MATERIALIZED, ALIAS), read separately to compare. */
    protected abstract List<String> computedColumns();

    static void skipped(String type, String reason) {
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println("[WARNING] all-types round trip: " + type + " skipped: " + reason);
    }

    CliRun.Result cli(String db, Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db, "--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    Path config(String tables) throws Exception {
        String bucket = "alltypes-" + (++bucketNo);
        s3.createBucket(bucket);
        Path config = dir.resolve("analysis-" + bucketNo + ".toml");
        Files.writeString(config, """
                [backup]
                pause_seconds = 0
                retry_backoff_ms = 1
                [backup.destinations.private]
                endpoint = "%s"
                bucket = "%s"
                path_style = true
                access_key_id = "%s"
                secret_access_key = "%s"
                [backup.tables]
                %s
                """.formatted(s3.endpoint(), bucket, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, tables));
        return config;
    }

    static List<List<String>> rows(Warehouse w, String sql) {
        List<List<String>> rows = new ArrayList<>();
        w.forEachRow(sql, rows::add);
        return rows;
    }

    /** Fills {@code alltypes} in a fresh store and returns the store's --db value. */
    String fill() {
        String db = freshStore();
        try (Warehouse w = open()) {
            List<Col> cols = columns(w.version());
            w.createTableFromDdl("alltypes", createTable("alltypes", cols));
            int n = cols.get(0).values().size();
            List<String[]> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                String[] row = new String[cols.size()];
                for (int c = 0; c < cols.size(); c++) {
                    row[c] = cols.get(c).values().get(r);
                }
                rows.add(row);
            }
            w.insertText("alltypes", cols.stream().map(Col::name).toList(), rows.iterator());
            assertEquals(n, w.countRows("alltypes"));
        }
        return db;
    }

    @Test
    void everyTypeComesBackValueForValueWithItsDdl() throws Exception {
        String db = fill();
        Path config = config("alltypes = \"full\"");
        CliRun.Result backup = cli(db, config, "backup");
        assertEquals(0, backup.exitCode(), backup.err());
        CliRun.Result restore = cli(db, config, "restore", "alltypes", "--into", "alltypes_copy");
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("table recreated from the recorded DDL, fingerprints checked"), restore.out());
        try (Warehouse w = open()) {
            assertEquals(ddl(w, "alltypes"), ddl(w, "alltypes_copy"));
            List<List<String>> original = rows(w, "SELECT * FROM alltypes ORDER BY id");
            List<List<String>> copy = rows(w, "SELECT * FROM alltypes_copy ORDER BY id");
            assertEquals(original.size(), copy.size());
            for (int i = 0; i < original.size(); i++) {
                assertEquals(original.get(i), copy.get(i), "row " + i);
            }
            // NULLs are NULL, not the text \N or an empty string
            assertTrue(original.stream().anyMatch(r -> r.contains(null)), "the table has NULLs to keep");
            if (!computedColumns().isEmpty()) {
                String computed = "SELECT id, " + String.join(", ", computedColumns()) + " FROM %s ORDER BY id";
                assertEquals(rows(w, computed.formatted("alltypes")), rows(w, computed.formatted("alltypes_copy")));
            }
            assertEquals(w.fingerprint("alltypes", null), w.fingerprint("alltypes_copy", null));
            assertTrue(w.listTables().stream().noneMatch(t -> t.startsWith("alltypes_copy_restoring_")), "no staging table left");
        }
        CliRun.Result verify = cli(db, config, "verify");
        assertEquals(0, verify.exitCode(), verify.err());
    }
}
