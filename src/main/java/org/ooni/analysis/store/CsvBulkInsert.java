package org.ooni.analysis.store;

import java.io.InputStream;
import java.util.List;

/**
 * A store that loads {@code CSVWithNames} text exactly as its own {@link Warehouse#exportCsv} wrote it straight into
 * a table with the same column types, without decoding rows in Java; a restore uses it when types match.
 */
public interface CsvBulkInsert {
    /**
     * Streams the whole of {@code csv} (header line included) into {@code table}'s {@code columns} in one insert
     * (on ClickHouse, where its input formats misread floats, through a table of its own, floats as text).
     * Reading stops at the stream's end; a failure of the stream or the server is a {@link org.ooni.analysis.error.StoreError}
     * and may leave part of the rows inserted, so callers load into a staging table.
     */
    void insertCsvWithNames(String table, List<String> columns, InputStream csv);
}
