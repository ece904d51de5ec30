package org.ooni.analysis.backup;

/** The bucket layout: the original tool's object keys for data, plus schema and manifest objects. */
final class ChunkKeys {
    static final String DATA = "clickhouse_export/csv/";
    static final String MANIFESTS = "manifests/";

    private ChunkKeys() {
    }

    static String whole(String table) {
        return DATA + table + ".csv.zstd";
    }

    static String month(String table, String yyyymm) {
        return DATA + table + "_" + yyyymm + ".csv.zstd";
    }

    static String page(String table, int n) {
        return DATA + table + "_" + n + ".csv.zstd";
    }

    static String schema(String table) {
        return "schema/" + table + ".sql";
    }

    static String manifestFolder(String table) {
        return MANIFESTS + table + "/";
    }

    /** The manifest of a finished run; written last, after every chunk and the schema. */
    static String manifest(String table, String runId) {
        return manifestFolder(table) + runId + ".json";
    }

    /** Progress of a run not finished yet, rewritten after each chunk: what a rerun resumes from. */
    static String progress(String table, String runId) {
        return manifestFolder(table) + runId + ".partial.json";
    }
}
