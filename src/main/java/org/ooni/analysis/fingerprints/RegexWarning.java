package org.ooni.analysis.fingerprints;

/** A row whose {@code regexp} pattern Java cannot compile: loaded anyway (other systems read the table), reported. */
public record RegexWarning(String file, long line, String name, String reason) {
    public String describe() {
        return file + (line > 0 ? ":" + line : "") + ": fingerprint " + name + ": pattern is not a valid Java regex (" + reason + ")";
    }
}
