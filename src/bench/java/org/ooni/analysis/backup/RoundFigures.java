package org.ooni.analysis.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backup benchmark's rounds summed up: the first round apart, since it runs in a cold JVM (class loading and
 * JIT compilation of the export path, the S3 client and the in-process S3Proxy, about 1 s on two cores), and the
 * later rounds as the steady state, each backup against the limits timed in the same round.
 */
final class RoundFigures {
    /** One round: the in-process limit, the {@code curl | zstd} limit (NaN when not timed) and the backup, in s. */
    private record Round(double limitSecs, double shellSecs, double backupSecs) {
    }

    private final List<Round> rounds = new ArrayList<>();

    void add(double limitSecs, double shellSecs, double backupSecs) {
        rounds.add(new Round(limitSecs, shellSecs, backupSecs));
    }

    void print(String name) {
        lines(name).forEach(System.out::println);
    }

    /** The summary: the first round, then (when there are more) the median of the later ones. */
    List<String> lines(String name) {
        List<String> lines = new ArrayList<>();
        if (rounds.isEmpty()) {
            return lines;
        }
        lines.add(String.format("%s: first round (cold JVM): %s", name, describe(rounds.subList(0, 1))));
        if (rounds.size() > 1) {
            String which = rounds.size() == 2 ? "round 2" : "rounds 2-" + rounds.size();
            lines.add(String.format("%s: %s (warm JVM):%s%s", name, which, " ".repeat(Math.max(1, 12 - which.length())),
                    describe(rounds.subList(1, rounds.size()))));
        }
        return lines;
    }

    /** E.g. "backup 5.1 s; 80 % (74-83 %) of curl | zstd; 64 % (61-66 %) of in-process": medians, then ranges. */
    private static String describe(List<Round> some) {
        StringBuilder b = new StringBuilder(String.format("backup %.1f s",
                median(some.stream().mapToDouble(Round::backupSecs).toArray())));
        double[] shell = some.stream().filter(r -> !Double.isNaN(r.shellSecs()))
                .mapToDouble(r -> 100 * r.shellSecs() / r.backupSecs()).toArray();
        if (shell.length > 0) {
            b.append("; ").append(share(shell)).append(" of curl | zstd");
        }
        b.append("; ").append(share(some.stream().mapToDouble(r -> 100 * r.limitSecs() / r.backupSecs()).toArray()))
                .append(" of in-process");
        return b.toString();
    }

    private static String share(double[] percents) {
        double[] sorted = percents.clone();
        Arrays.sort(sorted);
        return sorted.length == 1 ? String.format("%.0f %%", sorted[0])
                : String.format("%.0f %% (%.0f-%.0f %%)", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
