package org.ooni.analysis.lease;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Who holds (or claims) the lease of a job: the run id, the host and process it runs in, and when it started.
 * Times are whole seconds, as the stores keep them.
 */
public record LeaseOwner(String job, String runId, String host, long pid, Instant started) {
    public LeaseOwner {
        started = started.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The owner for a run of {@code job} in this process. */
    public static LeaseOwner thisProcess(String job, String runId, Instant started) {
        return new LeaseOwner(job, runId, localHost(), ProcessHandle.current().pid(), started);
    }

    /** The one-line description every "another run is in progress" message uses. */
    public String describe() {
        return "run " + runId + " on host " + host + ", pid " + pid + ", started " + started;
    }

    /**
     * Whether the owner's process still runs, for an owner on this host only: the pid exists and its process did
     * not start after the run did (a pid the system reused for a later process is not the owner).
     */
    boolean processAlive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return handle.map(h -> h.info().startInstant().map(s -> !s.isAfter(started.plusSeconds(1))).orElse(true))
                .orElse(false);
    }

    /**
     * This machine's name: the kernel's, read from /proc (no name lookup, which can hang when DNS is broken), else
     * what Java resolves.
     */
    public static String localHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
