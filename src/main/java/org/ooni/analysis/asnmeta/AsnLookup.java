package org.ooni.analysis.asnmeta;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.error.UsageError;
import org.ooni.analysis.store.Warehouse;

/** Answers "which organisation held this ASN on that day" from the {@code asnmeta} table. */
public final class AsnLookup {
    /** What {@code asnmeta lookup} prints when the table has no entry for the ASN on or before the date. */
    public static final String UNKNOWN = "Unknown";

    private final Warehouse warehouse;

    public AsnLookup(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * The org_name of the latest entry whose {@code changed} is on or before {@code date}; among entries of the
     * same day the greatest org_name, so the answer does not depend on storage order.
     */
    public Optional<String> orgNameAt(long asn, LocalDate date) {
        if (!warehouse.tableExists(AsnMetaTable.LIVE.name())) {
            throw new StoreError(warehouse.describe() + ": table " + AsnMetaTable.LIVE.name()
                    + " does not exist; run 'update asnmeta' first");
        }
        // Both values are typed (a checked number and a LocalDate), so rendering them into the SQL is safe.
        String sql = "SELECT org_name FROM " + AsnMetaTable.LIVE.name() + " WHERE asn = " + asn
                + " AND changed <= CAST('" + date + "' AS DATE) ORDER BY changed DESC, org_name DESC LIMIT 1";
        List<String> found = new ArrayList<>(1);
        warehouse.forEachRow(sql, row -> found.add(row.get(0)));
        return found.stream().findFirst();
    }

    /** Reads an ASN as typed by a user: decimal, optionally prefixed {@code AS}, in 0..4294967295. */
    public static long parseAsn(String text) {
        String digits = text.regionMatches(true, 0, "AS", 0, 2) ? text.substring(2) : text;
        if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) > AsOrgMapParser.MAX_ASN) {
            throw new UsageError("ASN must be a decimal number in 0.." + AsOrgMapParser.MAX_ASN
                    + " (optionally prefixed AS), not '" + text + "'");
        }
        return Long.parseLong(digits);
    }

    /** Reads a {@code YYYY-MM-DD} date given on the command line. */
    public static LocalDate parseDate(String text) {
        try {
            if (!text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                throw new DateTimeParseException("shape", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageError("--date must be a valid date written YYYY-MM-DD, not '" + text + "'");
        }
    }
}
