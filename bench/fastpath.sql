-- The production fastpath table's 33 columns, in types ClickHouse 18.16 has (no LowCardinality, no DateTime64).
CREATE TABLE fastpath (
 measurement_uid String, report_id String, input String, probe_cc String, probe_asn Int32, test_name String,
 test_start_time DateTime, measurement_start_time DateTime, filename String, scores String, platform String,
 anomaly String, confirmed String, msm_failure String, domain String, software_name String, software_version String,
 control_failure String, blocking_general Float32, is_ssl_expected Int8, page_len Int32, page_len_ratio Float32,
 server_cc String, server_asn Int8, server_as_name String, update_time DateTime, test_version String,
 architecture String, engine_name String, engine_version String, test_runtime Float32, blocking_type String,
 ooni_run_link_id Nullable(UInt64)
) ENGINE = ReplacingMergeTree(update_time) PARTITION BY toYYYYMM(measurement_start_time)
ORDER BY (measurement_start_time, report_id, input)
