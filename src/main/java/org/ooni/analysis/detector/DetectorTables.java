package org.ooni.analysis.detector;

import java.util.List;
import org.ooni.analysis.store.Column;
import org.ooni.analysis.store.ColumnType;
import org.ooni.analysis.store.Engine;
import org.ooni.analysis.store.TableSchema;

/**
 * Declarations of the tables the detector reads and writes. Each run writes through staging tables of its own
 * ({@code <live>_stg_<run id>}, see {@link org.ooni.analysis.job.StagedLoad}).
 */
public final class DetectorTables {
    /** Input: one row per measurement and target domain, blocking scores in [0, 1] produced upstream. */
    public static final TableSchema MEASUREMENTS = new TableSchema("analysis_web_measurement", List.of(
            new Column("measurement_uid", ColumnType.STRING),
            new Column("measurement_start_time", ColumnType.DATETIME),
            new Column("probe_cc", ColumnType.STRING),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("resolver_asn", ColumnType.UINT32),
            new Column("domain", ColumnType.STRING),
            new Column("dns_blocked", ColumnType.FLOAT32),
            new Column("tcp_blocked", ColumnType.FLOAT32),
            new Column("tls_blocked", ColumnType.FLOAT32)),
            List.of("probe_cc", "probe_asn", "domain", "measurement_start_time"), Engine.MERGE_TREE);

    /** Input of the legacy EWMA algorithm: the columns it needs of a {@code fastpath}-shaped table. */
    public static final TableSchema FASTPATH = new TableSchema("fastpath", List.of(
            new Column("measurement_uid", ColumnType.STRING),
            new Column("measurement_start_time", ColumnType.DATETIME),
            new Column("probe_cc", ColumnType.STRING),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("test_name", ColumnType.STRING),
            new Column("input", ColumnType.STRING),
            new Column("blocking_general", ColumnType.FLOAT32)),
            List.of("probe_cc", "test_name", "input", "measurement_start_time"), Engine.MERGE_TREE);

    /** Output: one row per detected change; key (probe_cc, probe_asn, domain, block_type, ts). */
    public static final TableSchema CHANGEPOINTS = new TableSchema("event_detector_changepoints", List.of(
            new Column("probe_cc", ColumnType.STRING),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("domain", ColumnType.STRING),
            new Column("ts", ColumnType.DATETIME),
            new Column("block_type", ColumnType.STRING),
            new Column("change_dir", ColumnType.INT64),
            new Column("s_pos", ColumnType.FLOAT64),
            new Column("s_neg", ColumnType.FLOAT64),
            new Column("h", ColumnType.FLOAT64),
            new Column("current_state", ColumnType.STRING),
            new Column("dns_isp_count", ColumnType.UINT32),
            new Column("dns_other_count", ColumnType.UINT32),
            new Column("tcp_count", ColumnType.UINT32),
            new Column("tls_count", ColumnType.UINT32),
            new Column("dns_isp_median", ColumnType.FLOAT64),
            new Column("dns_other_median", ColumnType.FLOAT64),
            new Column("tcp_median", ColumnType.FLOAT64),
            new Column("tls_median", ColumnType.FLOAT64),
            new Column("detection_time", ColumnType.DATETIME)),
            List.of("probe_cc", "probe_asn", "domain", "block_type", "ts"), Engine.REPLACING_MERGE_TREE);

    /**
     * Output: CUSUM state per series and signal after the last run, and where that run stopped. The sums are also
     * kept as their IEEE 754 bits ({@code s_pos_bits}, {@code s_neg_bits}): older ClickHouse servers parse and print
     * Float64 text with a last-bit error, and a resumed run must continue from exactly the same sums.
     */
    public static final TableSchema CUSUMS = new TableSchema("event_detector_cusums", List.of(
            new Column("probe_cc", ColumnType.STRING),
            new Column("probe_asn", ColumnType.UINT32),
            new Column("domain", ColumnType.STRING),
            new Column("block_type", ColumnType.STRING),
            new Column("state", ColumnType.STRING),
            new Column("s_pos", ColumnType.FLOAT64),
            new Column("s_neg", ColumnType.FLOAT64),
            new Column("last_change", ColumnType.INT64),
            new Column("last_ts", ColumnType.DATETIME),
            new Column("processed_until", ColumnType.DATETIME),
            new Column("s_pos_bits", ColumnType.INT64),
            new Column("s_neg_bits", ColumnType.INT64)),
            List.of("probe_cc", "probe_asn", "domain", "block_type"), Engine.MERGE_TREE);

    /** Output of the legacy EWMA algorithm: its state per (probe_cc, test_name, input). */
    public static final TableSchema EWMA_STATE = new TableSchema("event_detector_ewma", List.of(
            new Column("probe_cc", ColumnType.STRING),
            new Column("test_name", ColumnType.STRING),
            new Column("input", ColumnType.STRING),
            new Column("mean", ColumnType.FLOAT64),
            new Column("blocked", ColumnType.UINT8),
            new Column("last_ts", ColumnType.DATETIME),
            new Column("processed_until", ColumnType.DATETIME)),
            List.of("probe_cc", "test_name", "input"), Engine.MERGE_TREE);

    /** Fallback resume point, for a run that ended with no series state to carry it. */
    static final String CUSUM_RESUME_KEY = "detector.cusum.processed_until";
    static final String EWMA_RESUME_KEY = "detector.ewma.processed_until";

    private DetectorTables() {
    }
}
