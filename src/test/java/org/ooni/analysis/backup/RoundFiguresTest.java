package org.ooni.analysis.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundFiguresTest {
    @Test
    void theFirstRoundStandsApartAndTheLaterOnesAreMedianAndRangeOfTheirOwnRound() {
        RoundFigures f = new RoundFigures();
        f.add(3.0, 4.0, 8.0); // cold: 50 % and 38 %
        f.add(3.0, 4.0, 5.0); // 80 %, 60 %
        f.add(3.3, 3.3, 4.4); // 75 %, 75 %
        f.add(2.0, 3.6, 4.0); // 90 %, 50 %
        assertEquals(List.of(
                "ch: first round (cold JVM): backup 8.0 s; 50 % of curl | zstd; 38 % of in-process",
                "ch: rounds 2-4 (warm JVM):  backup 4.4 s; 80 % (75-90 %) of curl | zstd; 60 % (50-75 %) of in-process"),
                f.lines("ch"));
    }

    @Test
    void withoutTheShellLimitOnlyTheInProcessShareIsGiven() {
        RoundFigures f = new RoundFigures();
        f.add(2.0, Double.NaN, 4.0);
        f.add(2.0, Double.NaN, 2.5);
        assertEquals(List.of("duckdb: first round (cold JVM): backup 4.0 s; 50 % of in-process",
                "duckdb: round 2 (warm JVM):     backup 2.5 s; 80 % of in-process"), f.lines("duckdb"));
    }

    @Test
    void noRoundsNoSummary() {
        assertEquals(List.of(), new RoundFigures().lines("x"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(4.5, RoundFigures.median(new double[] {9, 1, 4, 5}));
        assertEquals(4.0, RoundFigures.median(new double[] {9, 1, 4}));
    }
}
