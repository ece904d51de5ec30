package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The original's priority rules: wildcards, the country compared only for country rows, weights and drops. */
class UrlPrioritiesTest {
    private static final UrlPriorities.Entry IR_NEWS = new UrlPriorities.Entry("NEWS", "a.example", "https://a.example/",
            "ir", 0);
    private static final UrlPriorities.Entry ZZ_NEWS = new UrlPriorities.Entry("NEWS", "b.example", "https://b.example/",
            "ZZ", 4);

    private static UrlPriorities.Rule rule(String category, String cc, String domain, String url, long priority) {
        return new UrlPriorities.Rule(category, cc, domain, url, priority);
    }

    @Test
    void emptyAndStarAreWildcardsAndEveryOtherFieldMustBeEqual() {
        assertTrue(UrlPriorities.matches(IR_NEWS, rule("", "*", "", "*", 1)));
        assertTrue(UrlPriorities.matches(IR_NEWS, rule("NEWS", "IR", "a.example", "https://a.example/", 1)));
        assertFalse(UrlPriorities.matches(IR_NEWS, rule("HUMR", "", "", "", 1)));
        assertFalse(UrlPriorities.matches(IR_NEWS, rule("", "RU", "", "", 1)));
        assertFalse(UrlPriorities.matches(IR_NEWS, rule("", "", "b.example", "", 1)));
        assertFalse(UrlPriorities.matches(IR_NEWS, rule("", "", "", "https://a.example", 1)));
    }

    @Test
    void aGlobalEntryIgnoresTheRulesCountry() {
        assertTrue(UrlPriorities.matches(ZZ_NEWS, rule("NEWS", "IR", "", "", 1)));
    }

    @Test
    void weightIsPriorityOverCountsWithAFloorAndNonPositiveOnesAreDropped() {
        List<UrlPriorities.Ranked> r = UrlPriorities.rank(List.of(ZZ_NEWS, IR_NEWS),
                List.of(rule("NEWS", "", "", "", 2), rule("", "", "b.example", "", 6)));
        assertEquals(List.of(IR_NEWS, ZZ_NEWS), r.stream().map(UrlPriorities.Ranked::entry).toList());
        assertEquals(20.0, r.get(0).weight(), 1e-9); // 2 / max(0, 0.1)
        assertEquals(2.0, r.get(1).weight(), 1e-9); // 8 / 4
        assertEquals(List.of(), UrlPriorities.rank(List.of(IR_NEWS), List.of(rule("", "", "", "", 0))));
        assertEquals(List.of(), UrlPriorities.rank(List.of(IR_NEWS), List.of(rule("NEWS", "", "", "", 3),
                rule("", "IR", "", "", -5))));
    }
}
