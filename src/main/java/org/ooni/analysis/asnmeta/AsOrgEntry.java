package org.ooni.analysis.asnmeta;

import java.time.LocalDate;

/** One history entry of one ASN: the organisation that held it from {@code changed} on. */
public record AsOrgEntry(long asn, String orgName, String cc, LocalDate changed, String autName, String source) {
    /** The values in {@link AsnMetaTable} column order. */
    Object[] toRow() {
        return new Object[] {asn, orgName, cc, changed, autName, source};
    }
}
