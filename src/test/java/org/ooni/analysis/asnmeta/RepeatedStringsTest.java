package org.ooni.analysis.asnmeta;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedStringsTest {
    private static String of(RepeatedStrings cache, String value) {
        // the value sits inside a larger buffer, as in the parser's text buffer
        char[] buffer = ("[\"" + value + "\"]").toCharArray();
        return cache.of(buffer, 2, value.length());
    }

    @Test
    void aRecurringValueComesBackAsTheSameString() {
        RepeatedStrings cache = new RepeatedStrings();
        String first = of(cache, "US");
        assertEquals("US", first);
        assertSame(first, of(cache, "US"));
        assertEquals("", of(cache, ""));
    }

    @Test
    void everyValueComesBackExactlyWhateverTheSlotsHold() {
        RepeatedStrings cache = new RepeatedStrings();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            values.add(Integer.toString(i, 36).toUpperCase(Locale.ROOT));
        }
        values.add("Aa");
        values.add("BB"); // same String.hashCode as "Aa"
        for (int round = 0; round < 2; round++) {
            for (String v : values) {
                assertEquals(v, of(cache, v));
            }
        }
    }

    @Test
    void longValuesAreNotCachedButComeBackExactly() {
        RepeatedStrings cache = new RepeatedStrings();
        String longValue = "x".repeat(RepeatedStrings.MAX_LENGTH + 1);
        String first = of(cache, longValue);
        assertEquals(longValue, first);
        assertNotSame(first, of(cache, longValue));
    }
}
