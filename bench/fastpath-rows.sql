-- ROWS generated rows over six months (2024-01 to 2024-06), about 600 bytes each as CSVWithNames: URLs with quotes
-- and commas, JSON scores (quotes doubled in CSV), a NULL in one row in nine.
INSERT INTO fastpath SELECT
 concat('20240', toString(1 + intDiv(number * 6, @ROWS@)), '01', substring(toString(1000000000000 + number), 2), 'a7f3c9e2b1d4') AS measurement_uid,
 concat(formatDateTime(t, '%Y%m%dT%H%M%SZ'), '_', tn, '_', cc, '_AS', toString(asn), '_', hex(cityHash64(intDiv(number, 30)))) AS report_id,
 if(tn = 'web_connectivity', concat('https://www.example', toString(number % 5000), '.org/path/', toString(number % 97), '?q="a,b"'), '') AS input,
 cc AS probe_cc, asn AS probe_asn, tn AS test_name,
 t - 30 AS test_start_time, t AS measurement_start_time,
 concat('2024-0', toString(1 + intDiv(number * 6, @ROWS@)), '-01/', tn, '/', cc, '/', hex(cityHash64(number)), '.jsonl.gz') AS filename,
 concat('{"blocking_general":', toString((number % 10) / 10), ',"blocking_global":0.0,"blocking_country":0.0,"blocking_isp":0.0,"analysis":{"blocking_type":', if(number % 7 = 0, '"dns"', 'false'), '},"extra":{"test_runtime":', toString((number % 1000) / 100), '}}') AS scores,
 ['android','ios','linux','macos','windows'][1 + number % 5] AS platform,
 if(number % 7 = 0, 't', 'f') AS anomaly, if(number % 101 = 0, 't', 'f') AS confirmed, if(number % 53 = 0, 't', 'f') AS msm_failure,
 if(tn = 'web_connectivity', concat('www.example', toString(number % 5000), '.org'), '') AS domain,
 ['ooniprobe-android','ooniprobe-cli','ooniprobe-desktop'][1 + number % 3] AS software_name,
 concat('3.', toString(number % 20), '.', toString(number % 7)) AS software_version,
 if(number % 41 = 0, 'connection_reset', '') AS control_failure,
 toFloat32((number % 10) / 10) AS blocking_general, toInt8(number % 2) AS is_ssl_expected,
 toInt32(number % 200000) AS page_len, toFloat32((number % 1000) / 999) AS page_len_ratio,
 ['DE','NL','US'][1 + number % 3] AS server_cc, toInt8(number % 100) AS server_asn,
 ['Hetzner Online GmbH','DigitalOcean, LLC','Amazon.com, Inc.'][1 + number % 3] AS server_as_name,
 t + 3600 AS update_time, concat('0.4.', toString(number % 3)) AS test_version,
 ['arm64','arm','amd64'][1 + number % 3] AS architecture, 'ooniprobe-engine' AS engine_name,
 concat('3.', toString(number % 20), '.', toString(number % 5)) AS engine_version,
 toFloat32((number % 1000) / 100) AS test_runtime,
 ['', 'dns', 'http-diff', 'tcp_ip'][1 + number % 4] AS blocking_type,
 if(number % 9 = 0, NULL, toUInt64(number % 1000)) AS ooni_run_link_id
FROM (SELECT number,
        ['web_connectivity','web_connectivity','web_connectivity','signal','tor','dnscheck','ndt'][1 + number % 7] AS tn,
        ['IT','DE','US','IR','RU','CN','BR','IN','MM','ZZ'][1 + number % 10] AS cc,
        toInt32(1000 + number % 5000) AS asn,
        toDateTime(toUInt32(toDateTime('2024-01-01 00:00:00') + intDiv(number * (toUInt32(toDateTime('2024-07-01 00:00:00')) - toUInt32(toDateTime('2024-01-01 00:00:00'))), @ROWS@))) AS t
      FROM system.numbers LIMIT @ROWS@)
