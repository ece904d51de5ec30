package org.ooni.analysis.fingerprints;

/**
 * One validated row of a fingerprint file, every text field exactly as it stood in the file.
 * {@code locationFound} is {@code dns}, {@code body} or {@code header.<lower-case name>}.
 */
public record Fingerprint(String name, String scope, String otherNames, String locationFound, PatternType patternType,
                          String pattern, int confidenceNoFp, String expectedCountries, String source, String expUrl,
                          String notes) {
    public static final String HEADER_PREFIX = "header.";

    /** The values in the column order of {@link FingerprintTables}. */
    public Object[] toRow() {
        return new Object[] {name, scope, otherNames, locationFound, patternType.word(), pattern, confidenceNoFp,
            expectedCountries, source, expUrl, notes};
    }

    public boolean isDns() {
        return locationFound.equals("dns");
    }

    public boolean isBody() {
        return locationFound.equals("body");
    }

    /** The lower-case header name for a header fingerprint, else null. */
    public String headerName() {
        return locationFound.startsWith(HEADER_PREFIX) ? locationFound.substring(HEADER_PREFIX.length()) : null;
    }
}
