package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Every branch of the step function, with sums checked to the bit where the arithmetic is exact. */
class CusumTest {
    private static final long H = 3600;
    private static final long T0 = 1_700_000_000L / H * H;
    private final Cusum defaults = new Cusum(CusumParams.DEFAULTS);
    // v = 1, h = 2, v/2 = 0.5: every sum below is exact in binary
    private final Cusum exact = new Cusum(new CusumParams(0, 1, 4, 48, 24, 10));

    @Test
    void defaultThresholdIsThreePointFive() {
        assertEquals(3.5, defaults.h());
    }

    @Test
    void warmUpSettlesOnOkWithoutEmitting() {
        CusumState s = new CusumState();
        // each reachable cell adds -(0 - 0.7) - 0.35 = 0.35 to S-; 3.5 is crossed on the 11th cell
        for (int i = 0; i < 10; i++) {
            assertNull(defaults.step(s, T0 + i * H, 0.0, 5));
            assertEquals(Phase.UNKNOWN, s.phase());
        }
        assertNull(defaults.step(s, T0 + 10 * H, 0.0, 5));
        assertEquals(Phase.OK, s.phase());
        assertEquals(0.0, s.sPos());
        assertEquals(0.0, s.sNeg());
        assertEquals(0, s.lastChange());
    }

    @Test
    void warmUpSettlesOnBlockedWithoutEmitting() {
        CusumState s = new CusumState();
        for (int i = 0; i < 5; i++) {
            assertNull(defaults.step(s, T0 + i * H, 1.0, 5));
        }
        assertEquals(Phase.UNKNOWN, s.phase());
        // 6 cells of 1.0 - 0.35 = 0.65 give 3.9 > 3.5
        assertNull(defaults.step(s, T0 + 5 * H, 1.0, 5));
        assertEquals(Phase.BLOCKED, s.phase());
        assertEquals(0.0, s.sPos());
        assertEquals(0, s.lastChange());
    }

    @Test
    void warmUpTracksBothSums() {
        CusumState s = new CusumState();
        exact.step(s, T0, 1.0, 1);
        assertEquals(0.5, s.sPos());
        assertEquals(0.0, s.sNeg());
        exact.step(s, T0 + H, 0.0, 1);
        assertEquals(0.0, s.sPos());
        assertEquals(0.5, s.sNeg());
    }

    @Test
    void okEmitsBlockingStartedWithTheSumsAtTheCrossing() {
        CusumState s = new CusumState(Phase.OK, 0, 0, 0, T0);
        assertNull(exact.step(s, T0 + H, 1.5, 3));
        assertEquals(1.0, s.sPos());
        assertEquals(0.0, s.sNeg());
        Crossing c = exact.step(s, T0 + 2 * H, 2.0, 3);
        assertEquals(new Crossing(+1, 2.5, 0.0, Phase.OK), c);
        assertEquals(Phase.BLOCKED, s.phase());
        assertEquals(+1, s.lastChange());
        assertEquals(0.0, s.sPos());
        assertEquals(0.0, s.sNeg());
    }

    @Test
    void okKeepsNegativeSumAtZeroAndPositiveSumFloorsAtZero() {
        CusumState s = new CusumState(Phase.OK, 0.25, 7, 0, T0);
        exact.step(s, T0 + H, 0.0, 1);
        assertEquals(0.0, s.sPos());
        assertEquals(0.0, s.sNeg());
    }

    @Test
    void blockedEmitsBlockingEnded() {
        CusumState s = new CusumState(Phase.BLOCKED, 0, 0, +1, T0);
        // y = -0.5: S- += -(-0.5 - 1) - 0.5 = 1.0 per cell
        assertNull(exact.step(s, T0 + H, -0.5, 1));
        assertEquals(1.0, s.sNeg());
        assertEquals(0.0, s.sPos());
        Crossing c = exact.step(s, T0 + 2 * H, -1.0, 1);
        assertEquals(new Crossing(-1, 0.0, 2.5, Phase.BLOCKED), c);
        assertEquals(Phase.OK, s.phase());
        assertEquals(-1, s.lastChange());
    }

    @Test
    void thresholdComparisonIsStrict() {
        CusumState s = new CusumState(Phase.OK, 0, 0, 0, T0);
        exact.step(s, T0 + H, 1.5, 1);
        assertNull(exact.step(s, T0 + 2 * H, 1.5, 1));
        assertEquals(2.0, s.sPos(), "exactly h: no emit");
        assertEquals(Phase.OK, s.phase());
        assertNotNull(exact.step(s, T0 + 3 * H, 1.5, 1));

        CusumState w = new CusumState();
        exact.step(w, T0, -0.5, 1);
        exact.step(w, T0 + H, -0.5, 1);
        assertEquals(2.0, w.sNeg());
        assertEquals(Phase.UNKNOWN, w.phase(), "warm-up at exactly h stays unknown");
    }

    @Test
    void duplicateGuardResetsInsteadOfEmittingTheSameDirectionTwice() {
        CusumState s = new CusumState(Phase.OK, 0, 0, +1, T0);
        assertNull(exact.step(s, T0 + H, 3.0, 1));
        assertEquals(Phase.OK, s.phase(), "the guard only resets");
        assertEquals(0.0, s.sPos());
        assertEquals(+1, s.lastChange());

        CusumState b = new CusumState(Phase.BLOCKED, 0, 0, -1, T0);
        assertNull(exact.step(b, T0 + H, -2.0, 1));
        assertEquals(Phase.BLOCKED, b.phase());
        assertEquals(0.0, b.sNeg());
    }

    @Test
    void zeroWeightCellIsSkippedEntirely() {
        CusumState s = new CusumState(Phase.OK, 1.0, 0, 0, T0);
        assertNull(exact.step(s, T0 + 100 * H, 5.0, 0));
        assertEquals(1.0, s.sPos());
        assertEquals(T0, s.lastTs(), "last_ts unchanged");
    }

    @Test
    void gapLongerThanTriggerDecaysBothSumsByHalfLife() {
        CusumState s = new CusumState(Phase.UNKNOWN, 1.0, 1.0, 0, T0);
        // 48 h gap: factor 0.5, then y = 0.5 adds 0.5 - 0.5 = 0 to S+ and -(0.5 - 1) - 0.5 = 0 to S-
        exact.step(s, T0 + 48 * H, 0.5, 1);
        assertEquals(0.5, s.sPos());
        assertEquals(0.5, s.sNeg());
        assertEquals(T0 + 48 * H, s.lastTs());
        // 96 h gap: factor 0.25
        exact.step(s, T0 + 144 * H, 0.5, 1);
        assertEquals(0.125, s.sPos());
    }

    @Test
    void gapOfExactlyTheTriggerDoesNotDecay() {
        CusumState s = new CusumState(Phase.UNKNOWN, 1.0, 1.0, 0, T0);
        exact.step(s, T0 + 24 * H, 0.5, 1);
        assertEquals(1.0, s.sPos());
        CusumState t = new CusumState(Phase.UNKNOWN, 1.0, 1.0, 0, T0);
        exact.step(t, T0 + 25 * H, 0.5, 1);
        assertEquals((Math.pow(0.5, 25.0 / 48) + 0.5) - 0.5, t.sPos());
    }

    @Test
    void stateOlderThanExpiryRestartsAsANewSeries() {
        CusumState s = new CusumState(Phase.BLOCKED, 1.5, 1.5, +1, T0);
        assertNull(exact.step(s, T0 + 10 * 24 * H + 1, 1.0, 1));
        assertEquals(Phase.UNKNOWN, s.phase());
        assertEquals(0, s.lastChange());
        assertEquals(0.5, s.sPos(), "fresh sums plus this cell");
        assertEquals(0.0, s.sNeg());

        CusumState kept = new CusumState(Phase.BLOCKED, 1.5, 1.5, +1, T0);
        exact.step(kept, T0 + 10 * 24 * H, 1.0, 1);
        assertEquals(Phase.BLOCKED, kept.phase(), "exactly the expiry is still valid");
        assertEquals(+1, kept.lastChange());
    }

    @Test
    void fullEpisodeEmitsOnePairThenStaysQuiet() {
        CusumState s = new CusumState();
        long t = T0;
        int ups = 0;
        int downs = 0;
        double[] ys = new double[72];
        for (int i = 24; i < 48; i++) {
            ys[i] = 1.0;
        }
        for (double y : ys) {
            Crossing c = defaults.step(s, t, y, 10);
            t += H;
            if (c != null) {
                ups += c.direction() > 0 ? 1 : 0;
                downs += c.direction() < 0 ? 1 : 0;
            }
        }
        assertEquals(1, ups);
        assertEquals(1, downs);
        assertEquals(Phase.OK, s.phase());
    }
}
