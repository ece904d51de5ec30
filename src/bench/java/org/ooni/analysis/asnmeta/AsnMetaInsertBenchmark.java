package org.ooni.analysis.asnmeta;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.ooni.analysis.store.DuckDbWarehouse;

/**
 * The ceiling of {@code update asnmeta} on DuckDB: {@code DuckDbWarehouse.insertRows} alone, fed {@code --rows}
 * rows of the asnmeta shape made on the fly from a few constant values (no file, no parsing, no hashing), into a
 * fresh file. Prints rows/s, the process CPU time and the peak RSS (VmHWM). See docs/asnmeta.md.
 *
 * <p>{@code JAVA_OPTS='-Xmx48m -XX:+UseSerialGC' bin/bench asnmeta.AsnMetaInsertBenchmark
 * [--rows 1000000]}
 */
public final class AsnMetaInsertBenchmark {
    private AsnMetaInsertBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length == 2 && args[0].equals("--rows") ? Long.parseLong(args[1]) : 1_000_000;
        Path work = Files.createTempDirectory("asnmeta-insert-bench");
        try (DuckDbWarehouse wh = DuckDbWarehouse.open(work.resolve("bench.duckdb").toString(), false)) {
            wh.recreateTable(AsnMetaTable.STAGING);
            long start = System.nanoTime();
            long written = wh.insertRows(AsnMetaTable.STAGING, new SyntheticRows(rows));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("insertRows alone: %d rows in %d ms = %.0f rows/s (commit included)%n", written, millis,
                    written * 1000.0 / millis);
        }
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        System.out.printf("whole process: %d ms wall, %d ms CPU; peak RSS (VmHWM): %s%n",
                ManagementFactory.getRuntimeMXBean().getUptime(), cpuMillis, AsnMetaBenchmark.vmHwm());
    }

    /** Rows of the asnmeta shape: names long enough to be stored out of line, codes short, dates varied. */
    private static final class SyntheticRows implements Iterator<Object[]> {
        private static final String[] ORGS = new String[64];
        private static final String[] AUTS = new String[64];
        private static final String[] CC = {"US", "DE", "BR", "RU", "IN", "CN", "IR", ""};
        private static final String[] SOURCE = {"ARIN", "RIPE", "APNIC", "LACNIC", "AFRINIC", "JPNIC", "ARIN", "RIPE"};
        private static final LocalDate FIRST = LocalDate.of(1995, 1, 1);

        static {
            for (int i = 0; i < ORGS.length; i++) {
                ORGS[i] = "Nordic Telecom Sp. z o.o. " + i;
                AUTS[i] = "NORDIC-TELECOM-AS" + i;
            }
        }

        private final long rows;
        private long next;

        SyntheticRows(long rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return next < rows;
        }

        @Override
        public Object[] next() {
            if (next >= rows) {
                throw new NoSuchElementException();
            }
            int i = (int) next++;
            return new Object[] {next, ORGS[i & 63], CC[i & 7], FIRST.plusDays(i % 9000), AUTS[(i >> 6) & 63],
                SOURCE[(i >> 3) & 7]};
        }
    }
}
