package org.ooni.analysis.citizenlab;

/** Why a test-list row was skipped (or, with strict validation, why the run failed). */
public enum RejectReason {
    INVALID_URL("url does not match the URL grammar"),
    COLUMN_COUNT("wrong number of columns"),
    UNKNOWN_CATEGORY("category code not in the legend"),
    BAD_DATE("date_added is not a valid YYYY-MM-DD date"),
    CONTROL_CHARACTER("a field holds a control character"),
    URL_TOO_LONG("url is longer than max_url_bytes");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
