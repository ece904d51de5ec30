package org.ooni.analysis.daemon;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.store.StoreUrl;

/**
 * One lock file per (store, job), held with an OS file lock ({@code fcntl}) for as long as the daemon lives: the
 * kernel releases it when the process dies, so a crashed daemon never leaves a stale lock. The file holds the
 * owner's pid and host for the message the other daemon logs. Works for every daemon on one machine (for DuckDB,
 * the only machine); two daemons on different machines against one ClickHouse need a shared lock_dir.
 */
public final class FileJobLock implements JobLock {
    private final Path dir;
    private final String storeKey;
    private final Clock clock;
    private final Map<String, Held> held = new LinkedHashMap<>();

    private record Held(FileChannel channel, FileLock lock) {
    }

    public FileJobLock(Path dir, String storeIdentity, Clock clock) {
        this.dir = dir;
        this.storeKey = shortHash(storeIdentity);
        this.clock = clock;
    }

    /**
     * The lock for a store: in {@code lockDir} when set, else next to the DuckDB file, else (ClickHouse) in the
     * system temporary folder. The identity leaves the password out, so two URLs for one store share their locks.
     */
    public static FileJobLock forStore(String lockDir, StoreUrl store, Clock clock) {
        String identity;
        Path fallback;
        if (store.kind() == StoreUrl.Kind.DUCKDB) {
            Path file = Path.of(store.path()).toAbsolutePath().normalize();
            identity = "duckdb:" + file;
            fallback = file.getParent();
        } else {
            identity = "clickhouse://" + store.host() + ":" + store.port() + "/" + store.database();
            fallback = Path.of(System.getProperty("java.io.tmpdir"));
        }
        return new FileJobLock(lockDir.isEmpty() ? fallback : Path.of(lockDir), identity, clock);
    }

    /** The lock file of a job. */
    public Path fileOf(String job) {
        return dir.resolve("ooni-analysis-daemon-" + storeKey + "-" + job + ".lock");
    }

    @Override
    public synchronized Attempt tryAcquire(String job) {
        Path file = fileOf(job);
        if (held.containsKey(job)) {
            return new Attempt(true, file.toString());
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null; // another scheduler in this very JVM holds it (tests run two in one process)
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                return new Attempt(false, "lock " + file + " is held by another daemon"
                        + (owner.isEmpty() ? "" : " (" + owner + ")"));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                    + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            held.put(job, new Held(channel, lock));
            return new Attempt(true, file.toString());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreError("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (Held h : held.values()) {
            closeQuietly(h.channel()); // closing the channel releases its lock
        }
        held.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
        int at = name.indexOf('@');
        return at < 0 ? "this host" : name.substring(at + 1);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
