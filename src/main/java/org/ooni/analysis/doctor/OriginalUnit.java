package org.ooni.analysis.doctor;

import java.util.List;

/**
 * One job's systemd unit in the original deployment and ours: the original's unit name (our units' alias) and our
 * unit's base name, for {@code doctor}'s unit checks.
 */
record OriginalUnit(String job, String original, String ours) {
    /** The original's timers: the analysis updaters, the backup tool, the API's GeoIP downloader, the detector. */
    static final List<OriginalUnit> ALL = List.of(
            new OriginalUnit("citizenlab", "ooni-update-citizenlab", "ooni-analysis-citizenlab"),
            new OriginalUnit("fingerprints", "ooni-update-fingerprints", "ooni-analysis-fingerprints"),
            new OriginalUnit("asnmeta", "ooni-update-asn-metadata", "ooni-analysis-asnmeta"),
            new OriginalUnit("backup", "ooni-db-backup", "ooni-analysis-backup"),
            new OriginalUnit("geoip", "ooni-download-geoip", "ooni-analysis-geoip"),
            new OriginalUnit("detect", "detector", "ooni-analysis-detect"));
}
