package org.ooni.analysis.fingerprints;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Time of the matcher holding one hostile regexp fingerprint against a body built to trip it, next to the same
 * matcher holding one plain {@code contains} fingerprint on the same body. Figures are this thread's CPU time, best
 * of seven runs after five warm-up runs (the machine is shared; CPU time is what the pattern costs). Run with
 * {@code java -cp target/ooni-analysis.jar org.ooni.analysis.fingerprints.HostileRegexBenchmark [BYTES]}
 * (default 1,000,000).
 */
public final class HostileRegexBenchmark {
    /** A pattern and the byte its hostile body repeats. */
    private record Case(String pattern, char fill, char last) {
    }

    private static final List<Case> CASES = List.of(
            new Case("(a+)+$", 'a', 'b'), new Case("^(a+)+$", 'a', 'b'), new Case("(a|aa)+$", 'a', 'b'),
            new Case("(a|a?)+$", 'a', 'b'), new Case("(a*)*b$", 'a', 'c'), new Case("(.*a){20}", 'a', 'b'),
            new Case("(.*a){20}$", 'a', 'b'), new Case("(x+x+)+y", 'x', 'x'), new Case("(\\w+\\s?)+$", 'a', '!'),
            new Case(".*a.{20}c", 'a', 'b'), new Case("^(([a-z])+.)+[A-Z]([a-z])+$", 'a', '!'),
            new Case("(a+)+\\1c$", 'a', 'b'), new Case("(?=(a|aa)+$)x", 'a', 'b'),
            // past its screen (the widened form (?:)a matches), so the step budget is spent
            new Case("(?=(a|aa)+$)a", 'a', 'b'));
    private static final int RUNS = 7;

    private HostileRegexBenchmark() {
    }

    public static void main(String[] args) {
        int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.printf("body: %d bytes; CPU ms, best of %d%n", bytes, RUNS);
        System.out.printf("%-34s %-12s %8s %8s %7s  %s%n", "pattern", "engine", "regexp", "contains", "ratio",
                "answer");
        double worst = 0;
        double worstOfAll = 0;
        for (Case c : CASES) {
            byte[] body = (String.valueOf(c.fill()).repeat(bytes - 1) + c.last()).getBytes(StandardCharsets.US_ASCII);
            FingerprintMatcher regexp = matcher(PatternType.REGEXP, c.pattern());
            FingerprintMatcher contains = matcher(PatternType.CONTAINS, "blocked by order");
            double[] regexpMs = new double[1];
            String answer = time(cpu, regexp, body, regexpMs);
            double[] containsMs = new double[1];
            time(cpu, contains, body, containsMs);
            boolean linear = regexp.warnings().isEmpty();
            double ratio = regexpMs[0] / containsMs[0];
            if (linear) {
                worst = Math.max(worst, ratio);
            }
            worstOfAll = Math.max(worstOfAll, ratio);
            System.out.printf("%-34s %-12s %8.2f %8.2f %6.1fx  %s%n", c.pattern(), linear ? "lazy DFA" : "bounded",
                    regexpMs[0], containsMs[0], ratio, answer);
        }
        System.out.printf("worst lazy-DFA pattern: %.1fx the contains pattern; worst of all: %.1fx%n", worst,
                worstOfAll);
    }

    private static FingerprintMatcher matcher(PatternType type, String pattern) {
        return new FingerprintMatcher(List.of(new Fingerprint("bench", "isp", "", "body", type, pattern, 5, "", "",
                "", "")));
    }

    private static String time(ThreadMXBean cpu, FingerprintMatcher m, byte[] body, double[] bestMs) {
        String answer = "";
        bestMs[0] = Double.MAX_VALUE;
        for (int run = -5; run < RUNS; run++) {
            BitSet hits = new BitSet();
            boolean[] gaveUp = new boolean[1];
            long start = cpu.getCurrentThreadCpuTime();
            m.matchBody(body, hits, (f, n) -> gaveUp[0] = true);
            double ms = (cpu.getCurrentThreadCpuTime() - start) / 1e6;
            if (run >= 0) {
                bestMs[0] = Math.min(bestMs[0], ms);
            }
            answer = gaveUp[0] ? "gave up" : hits.isEmpty() ? "no match" : "match";
        }
        return answer;
    }
}
