package org.ooni.analysis.fingerprints;

import java.util.Locale;
import java.util.List;

/** How a fingerprint's pattern is compared with what was observed: whole value, start, substring or regex search. */
public enum PatternType {
    FULL, PREFIX, CONTAINS, REGEXP;

    /** The values in the order of their ClickHouse Enum8 codes (1, 2, 3, 4). */
    public static final List<String> WORDS = List.of("full", "prefix", "contains", "regexp");

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PatternType parse(String word) {
        int i = WORDS.indexOf(word);
        if (i < 0) {
            throw new IllegalArgumentException("unknown pattern type " + word);
        }
        return values()[i];
    }
}
