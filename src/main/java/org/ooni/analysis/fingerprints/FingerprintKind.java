package org.ooni.analysis.fingerprints;

import java.util.Locale;
import java.util.List;

/** The two upstream files: their name, the scopes each allows, and the tables they load into. */
public enum FingerprintKind {
    DNS("fingerprints_dns.csv", List.of("nat", "isp", "prod", "inst", "vbw", "fp")),
    HTTP("fingerprints_http.csv", List.of("nat", "isp", "prod", "inst", "vbw", "fp", "injb", "prov"));

    private final String fileName;
    private final List<String> scopes;

    FingerprintKind(String fileName, List<String> scopes) {
        this.fileName = fileName;
        this.scopes = scopes;
    }

    public String fileName() {
        return fileName;
    }

    /** Allowed scope values, in the order of their ClickHouse Enum8 codes. */
    public List<String> scopes() {
        return scopes;
    }

    public String liveTable() {
        return "fingerprints_" + name().toLowerCase(Locale.ROOT);
    }
}
