package org.ooni.analysis.asnmeta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ooni.analysis.error.InvalidInput;

class PipelinedRowsTest {
    /** Entries 0..count-1, then the given failure (or the end when null). */
    private static Iterator<AsOrgEntry> entries(long count, RuntimeException failure, AtomicLong produced) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (produced.get() == count && failure != null) {
                    throw failure;
                }
                return produced.get() < count;
            }

            @Override
            public AsOrgEntry next() {
                long n = produced.getAndIncrement();
                return new AsOrgEntry(n, "org " + n, "US", LocalDate.of(2000, 1, 1), "", "ARIN");
            }
        };
    }

    @Test
    void deliversEveryRowInOrderAcrossBatches() {
        long count = PipelinedRows.BATCH_ROWS * 3L + 5;
        try (PipelinedRows rows = new PipelinedRows(entries(count, null, new AtomicLong()))) {
            long seen = 0;
            while (rows.hasNext()) {
                assertEquals(seen, rows.next()[0]);
                seen++;
            }
            assertEquals(count, seen);
            assertFalse(rows.hasNext());
        }
    }

    @Test
    void aParserFailureReachesTheConsumerAfterTheRowsBeforeIt() {
        InvalidInput failure = new InvalidInput("map.json", 3, 4, "$[\"1\"]: bad");
        try (PipelinedRows rows = new PipelinedRows(entries(10, failure, new AtomicLong()))) {
            for (int i = 0; i < 10; i++) {
                assertTrue(rows.hasNext());
                rows.next();
            }
            assertSame(failure, assertThrows(InvalidInput.class, rows::hasNext));
        }
    }

    @Test
    void closingEarlyStopsTheParserWithinAFewBatches() throws InterruptedException {
        AtomicLong produced = new AtomicLong();
        PipelinedRows rows = new PipelinedRows(entries(Long.MAX_VALUE, null, produced));
        rows.next();
        rows.close();
        Thread.sleep(500);
        long after = produced.get();
        Thread.sleep(300);
        assertEquals(after, produced.get(), "the parser thread has stopped");
        assertTrue(after <= PipelinedRows.BATCH_ROWS * 7L, "bounded read-ahead, got " + after);
    }
}
