package org.ooni.analysis.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CellAccumulatorTest {
    private static final SeriesKey SERIES = new SeriesKey("UG", 20294, "twitter.com");
    private static final Instant HOUR = Instant.parse("2024-01-10T05:00:00Z");

    @Test
    void splitsDnsByResolverAndTakesTcpTlsOverAllRows() {
        CellAccumulator acc = new CellAccumulator();
        acc.add(20294, 20294, 0.0, 0.0, 1.0);
        acc.add(20294, 20294, 0.75, 1.0, 1.0);
        acc.add(20294, 15169, 1.0, 0.0, 0.0);
        Cell cell = acc.build(SERIES, HOUR);
        assertEquals(new SignalValue(0.375, 2), cell.signal(Signal.DNS_ISP));
        assertEquals(new SignalValue(1.0, 1), cell.signal(Signal.DNS_OTHER));
        assertEquals(new SignalValue(0.0, 3), cell.signal(Signal.TCP));
        assertEquals(new SignalValue(1.0, 3), cell.signal(Signal.TLS));
        assertEquals(3, cell.rows());
        assertEquals(SERIES, cell.series());
        assertEquals(HOUR, cell.hour());
    }

    @Test
    void aSignalWithoutRowsHasZeroWeight() {
        CellAccumulator acc = new CellAccumulator();
        acc.add(1, 1, 0.5, 0, 0);
        Cell cell = acc.build(SERIES, HOUR);
        assertEquals(0, cell.signal(Signal.DNS_OTHER).w());
        assertTrue(Double.isNaN(cell.signal(Signal.DNS_OTHER).y()));
    }

    @Test
    void resetStartsAnEmptyGroupAndGrowsPastTheInitialCapacity() {
        CellAccumulator acc = new CellAccumulator();
        acc.add(1, 1, 1, 1, 1);
        acc.reset();
        assertTrue(acc.isEmpty());
        for (int i = 0; i < 101; i++) {
            acc.add(1, i % 2 == 0 ? 1 : 2, i, i, 100 - i);
        }
        Cell cell = acc.build(SERIES, HOUR);
        assertEquals(new SignalValue(50, 101), cell.signal(Signal.TCP));
        assertEquals(new SignalValue(50, 101), cell.signal(Signal.TLS));
        assertEquals(51, cell.signal(Signal.DNS_ISP).w());
        assertEquals(50, cell.signal(Signal.DNS_OTHER).w());
    }
}
