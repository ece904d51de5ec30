package org.ooni.analysis.backup;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/** A fastpath-shaped table and deterministic rows over several months, with awkward strings. */
final class FastpathRows {
    static final TableSchema FASTPATH = new TableSchema("fastpath", List.of(
            new Column("measurement_uid", ColumnType.STRING),
            new Column("measurement_start_time", ColumnType.DATETIME),
            new Column("probe_cc", ColumnType.fixedString(2)),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("test_name", ColumnType.enum8(List.of("web_connectivity", "signal", "tor"))),
            new Column("input", ColumnType.STRING),
            new Column("anomaly", ColumnType.UINT8),
            new Column("test_runtime", ColumnType.FLOAT32),
            new Column("day", ColumnType.DATE)),
            List.of("measurement_start_time", "measurement_uid"), Engine.MERGE_TREE);

    static final List<String> STRINGS = List.of("https://example.org/", "a,b", "quote \" inside", "new\nline",
            "crlf\r\nend", "NULL", "\\N", "", "Ελληνικά 日本語 🎉", "tab\there", "back\\slash", "'single'");

    /** Four months from 2024-01 on, one row every {@code 4 months / n}. */
    static Iterator<Object[]> rows(long n) {
        long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
        long span = Instant.parse("2024-05-01T00:00:00Z").getEpochSecond() - start;
        return LongStream.range(0, n).mapToObj(i -> {
            Instant t = Instant.ofEpochSecond(start + i * span / n);
            return new Object[] {String.format("20240101%010d", i), t, i % 3 == 0 ? "IT" : "ZZ", 1000L + i % 500,
                    List.of("web_connectivity", "signal", "tor").get((int) (i % 3)),
                    STRINGS.get((int) (i % STRINGS.size())) + i, (int) (i % 2), i / 8f,
                    t.atZone(java.time.ZoneOffset.UTC).toLocalDate()};
        }).iterator();
    }

    private FastpathRows() {
    }
}
