package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void interpolatesBetweenTheTwoMiddleValues() {
        assertEquals(0.375, Median.ofFirst(new double[] {0, 0.75}, 2));
        assertEquals(0.5, Median.ofFirst(new double[] {1, 0, 0.2, 0.8}, 4));
    }

    @Test
    void oddCountTakesTheMiddleValue() {
        assertEquals(0.2, Median.ofFirst(new double[] {1, 0.2, 0}, 3));
        assertEquals(0.9, Median.ofFirst(new double[] {0.9}, 1));
    }

    @Test
    void onlyTheFirstNValuesCount() {
        assertEquals(0.5, Median.ofFirst(new double[] {0, 1, 1, 1, 1}, 2));
    }

    @Test
    void noValuesIsNaN() {
        assertTrue(Double.isNaN(Median.ofFirst(new double[4], 0)));
    }
}
