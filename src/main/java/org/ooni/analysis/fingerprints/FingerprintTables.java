package org.ooni.analysis.fingerprints;

import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/** Declarations of {@code fingerprints_dns}, {@code fingerprints_http} (each run stages its own copies, see StagedLoad). */
public final class FingerprintTables {
    /** Key under which the store remembers the SHA-256 of both files of the last successful load. */
    static final String STATE_KEY = "fingerprints.source_sha256";
    /** The header both files must start with. */
    public static final List<String> HEADER = List.of("name", "scope", "other_names", "location_found",
            "pattern_type", "pattern", "confidence_no_fp", "expected_countries", "source", "exp_url", "notes");

    private FingerprintTables() {
    }

    public static TableSchema live(FingerprintKind kind) {
        return new TableSchema(kind.liveTable(), List.of(
                new Column("name", ColumnType.STRING),
                new Column("scope", ColumnType.enum8(kind.scopes())),
                new Column("other_names", ColumnType.STRING),
                new Column("location_found", ColumnType.STRING),
                new Column("pattern_type", ColumnType.enum8(PatternType.WORDS)),
                new Column("pattern", ColumnType.STRING),
                new Column("confidence_no_fp", ColumnType.UINT8),
                new Column("expected_countries", ColumnType.STRING),
                new Column("source", ColumnType.STRING),
                new Column("exp_url", ColumnType.STRING),
                new Column("notes", ColumnType.STRING)),
                List.of("name"), Engine.EMBEDDED_ROCKSDB);
    }
}
