package org.ooni.analysis.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine's CPUs were during a benchmark phase, from the first line of {@code /proc/stat}: the
 * share of CPU time not idle, and the CPU-seconds spent by every process (the database server and S3Proxy
 * included). Tells a phase that waits (cores idle) from one that runs out of cores.
 */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final long[] start;

    private MachineCpu(long[] start) {
        this.start = start;
    }

    static MachineCpu start() {
        return new MachineCpu(read());
    }

    /** E.g. "CPU 87% busy, 9.1 CPU-s", or "" where /proc/stat cannot be read. */
    String busySince() {
        long[] now = read();
        if (start == null || now == null) {
            return "";
        }
        long busy = now[0] - start[0];
        long total = busy + now[1] - start[1];
        return total == 0 ? "" : String.format("CPU %d%% busy, %.1f CPU-s", 100 * busy / total,
                busy / TICKS_PER_SECOND);
    }

    /** {busy ticks, idle ticks} summed over all CPUs, or null. */
    private static long[] read() {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long busy = 0;
            long idle = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                if (i == 4 || i == 5) {
                    idle += v;
                } else {
                    busy += v;
                }
            }
            return new long[] {busy, idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
