package org.ooni.analysis.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The original API's reactive order of a test list, as a pure computation: an entry's priority is the sum of the
 * rules that match it (an empty or {@code *} rule field matches anything; a rule's country is not compared for a
 * global {@code ZZ} entry, and is compared upper-case: the original compares it with the stored, lower-case
 * {@code ir} of {@code ir.csv}, so its country rules never match; see docs/api.md), its weight is {@code priority / max(msmt_cnt, 0.1)}, entries go by weight, highest
 * first, and those with a priority of 0 or less are dropped.
 */
final class UrlPriorities {
    /** One test-list entry; {@code cc} as stored (either case, {@code ZZ} for the global list). */
    record Entry(String categoryCode, String domain, String url, String cc, long msmtCnt) {
    }

    /** One rule of {@code url_priorities}. */
    record Rule(String categoryCode, String cc, String domain, String url, long priority) {
    }

    /** An entry with its priority and weight. */
    record Ranked(Entry entry, long priority, double weight) {
    }

    private UrlPriorities() {
    }

    static boolean matches(Entry e, Rule r) {
        return wild(r.categoryCode(), e.categoryCode()) && wild(r.domain(), e.domain()) && wild(r.url(), e.url())
                && (e.cc().equalsIgnoreCase("ZZ") || wild(r.cc(), e.cc().toUpperCase(Locale.ROOT)));
    }

    private static boolean wild(String rule, String value) {
        return rule.isEmpty() || rule.equals("*") || rule.equals(value);
    }

    /**
     * The entries with a positive priority, by weight (highest first). The original sorts stably over rows in the
     * database's order, which is unspecified; ties here keep the order of {@code entries}, so callers pass them in
     * a fixed order.
     */
    static List<Ranked> rank(List<Entry> entries, List<Rule> rules) {
        List<Ranked> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            long priority = 0;
            for (Rule r : rules) {
                if (matches(e, r)) {
                    priority += r.priority();
                }
            }
            if (priority > 0) {
                out.add(new Ranked(e, priority, priority / Math.max((double) e.msmtCnt(), 0.1)));
            }
        }
        out.sort(Comparator.comparingDouble(Ranked::weight).reversed());
        return out;
    }
}
