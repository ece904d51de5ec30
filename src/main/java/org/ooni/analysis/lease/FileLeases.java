package org.ooni.analysis.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import org.ooni.analysis.error.StoreError;

/**
 * Run leases for a DuckDB file: one lock file per job next to it ({@code <db>.lease-<job>}), held with an OS file
 * lock for the run and holding the owner's line. DuckDB's own file lock already keeps two processes from writing
 * the file at once; this lease is what lets the second one say who runs, be recorded as skipped and wait, exactly
 * as on ClickHouse. The takeover rule is the kernel's: the lock goes with the process that held it, kill -9
 * included, so the next run takes it at once.
 */
public final class FileLeases implements RunLeases {
    private final Path database;

    public FileLeases(Path database) {
        this.database = database.toAbsolutePath().normalize();
    }

    /** The lock file of a job. */
    public Path fileOf(String job) {
        return database.resolveSibling(database.getFileName() + ".lease-"
                + job.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_"));
    }

    @Override
    public Claim tryAcquire(LeaseOwner me) {
        Path file = fileOf(me.job());
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return new Busy(holder(file, me.job()));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me.runId() + "\t" + me.host() + "\t" + me.pid() + "\t"
                    + me.started().getEpochSecond() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new Held(new FileLease(me, channel));
        } catch (IOException e) {
            close(channel);
            throw new StoreError("cannot take the lease in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The owner line of a held lock file. The holder writes it right after taking the lock, so for a moment the file
     * is empty or still names the previous (dead) holder: read again for up to half a second until it names a live
     * process, else report an owner that is still starting.
     */
    private static LeaseOwner holder(Path file, String job) throws IOException {
        for (int attempt = 0; attempt < 25; attempt++) {
            String[] f = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t");
            try {
                LeaseOwner owner = new LeaseOwner(job, f[0], f[1], Long.parseLong(f[2]),
                        Instant.ofEpochSecond(Long.parseLong(f[3])));
                if (owner.processAlive()) {
                    return owner;
                }
            } catch (RuntimeException e) {
                // not written yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new LeaseOwner(job, "(starting)", LeaseOwner.localHost(), 0, Instant.now());
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; the process exit does too
            }
        }
    }

    /** The locked file; closing the channel releases the lock. */
    private record FileLease(LeaseOwner owner, FileChannel channel) implements Lease {
        @Override
        public void confirmHeld() {
            // the kernel lock cannot be taken from a live process
        }

        @Override
        public void close() {
            FileLeases.close(channel);
        }
    }
}
