package org.ooni.analysis.fingerprints;

/**
 * A {@code regexp} row the linear-time engine cannot run: either no engine compiles it (the matcher skips it; the row
 * is loaded anyway, other systems read the table) or it needs backtracking (run under a step budget). Reported at
 * load time.
 */
public record RegexWarning(String file, long line, String name, Kind kind, String reason) {
    /** INVALID: neither RE2 nor Java compiles it. BOUNDED: only Java's backtracking engine does. */
    public enum Kind { INVALID, BOUNDED }

    public String describe() {
        String where = file + (line > 0 ? ":" + line : "") + ": fingerprint " + name + ": ";
        return where + switch (kind) {
            case INVALID -> "pattern is not a valid regex for RE2 or Java (" + reason + "); the matcher skips it";
            case BOUNDED -> "pattern needs a backtracking engine (RE2: " + reason + "); matched with a budget of "
                    + BoundedBacktracker.STEPS_PER_BYTE + " steps per body byte, counted as not matched past it";
        };
    }

    /** The warning for one pattern, or null when the linear engine runs it. */
    static RegexWarning of(String file, long line, String name, String pattern) {
        try {
            FingerprintRegex regex = FingerprintRegex.compile(pattern);
            return regex instanceof BoundedBacktracker b ? new RegexWarning(file, line, name, Kind.BOUNDED,
                    b.re2Reason()) : null;
        } catch (FingerprintRegex.Unsupported e) {
            return new RegexWarning(file, line, name, Kind.INVALID, e.javaReason());
        }
    }
}
