package org.ooni.analysis.geoip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ooni.analysis.error.StoreError;
import org.ooni.analysis.job.Log;

/**
 * The only code that changes the installed pair in the target folder. Files arrive verified as
 * {@code asn.mmdb.new} / {@code cc.mmdb.new}; then: fsync them, write the journal {@code geoipdbts.installing}
 * (the month, written temp + fsync + rename), keep the live pair as {@code *.prev} (hard links), rename each new
 * file over the live one, fsync the folder, write the stamp {@code geoipdbts} (temp + fsync + rename), remove the
 * journal. A run killed in between leaves the journal; the next run calls {@link #resumeInterrupted} first, which
 * performs the remaining steps (every step can be repeated), so the pair always ends consistent with the stamp.
 * Must be used under {@link DirectoryLock}.
 */
final class PairInstaller {
    static final String STAMP = "geoipdbts";
    static final String PREVIOUS_STAMP = "geoipdbts.prev";
    static final String JOURNAL = "geoipdbts.installing";
    private static final List<DbKind> KINDS = List.of(DbKind.ASN, DbKind.COUNTRY);

    private final Path dir;
    private final Log log;
    private final int debugPauseSeconds;

    /** {@code debugPauseSeconds}: fault injection for the kill test, a pause between the two renames (0 = none). */
    PairInstaller(Path dir, Log log, int debugPauseSeconds) {
        this.dir = dir;
        this.log = log;
        this.debugPauseSeconds = debugPauseSeconds;
    }

    Path live(DbKind kind) {
        return dir.resolve(kind.fileName());
    }

    Path staged(DbKind kind) {
        return dir.resolve(kind.fileName() + ".new");
    }

    Path previous(DbKind kind) {
        return dir.resolve(kind.fileName() + ".prev");
    }

    /** Where a download is written before it is verified; removed on every path, and by {@link #sweep}. */
    Path download(DbKind kind) {
        return dir.resolve(kind.fileName() + ".download.tmp");
    }

    Optional<String> stamp() {
        return read(STAMP);
    }

    Optional<String> previousStamp() {
        return read(PREVIOUS_STAMP);
    }

    /** Installs the two staged files as {@code month}. */
    void install(String month) {
        try {
            for (DbKind kind : KINDS) {
                readableByAll(staged(kind));
                fsync(staged(kind));
            }
            writeAtomically(JOURNAL, month);
            complete(month, true);
        } catch (IOException e) {
            throw new StoreError("cannot install into " + dir + ": " + e, e);
        }
    }

    /** Stages the kept previous pair, so that {@link #install} swaps it back in (and keeps the current as prev). */
    void stagePrevious() {
        try {
            for (DbKind kind : KINDS) {
                linkOrCopy(previous(kind), staged(kind));
            }
        } catch (IOException e) {
            throw new StoreError("cannot stage the previous pair in " + dir + ": " + e, e);
        }
    }

    /** Completes an install that a killed run left half done; returns its month when there was one. */
    Optional<String> resumeInterrupted() {
        Optional<String> month = read(JOURNAL);
        if (month.isPresent()) {
            log.warn("geoip: an install of " + month.get() + " was interrupted; completing it");
            try {
                complete(month.get(), false);
            } catch (IOException e) {
                throw new StoreError("cannot complete the interrupted install in " + dir + ": " + e, e);
            }
        }
        return month;
    }

    /** Removes what a killed run can leave behind; staged files only count while a journal names them. */
    void sweep() {
        List<Path> stale = new ArrayList<>();
        for (DbKind kind : KINDS) {
            stale.add(download(kind));
            stale.add(dir.resolve(kind.fileName() + ".prev.tmp"));
            stale.add(dir.resolve(kind.fileName() + ".new.tmp"));
            if (!Files.exists(dir.resolve(JOURNAL))) {
                stale.add(staged(kind));
            }
        }
        for (String name : List.of(STAMP, PREVIOUS_STAMP, JOURNAL)) {
            stale.add(dir.resolve(name + ".tmp"));
        }
        for (Path p : stale) {
            try {
                if (Files.deleteIfExists(p)) {
                    log.info("geoip: removed " + p + " left by an earlier run");
                }
            } catch (IOException e) {
                throw new StoreError("cannot remove " + p + ": " + e, e);
            }
        }
    }

    /** Every step is idempotent: a staged file still present has not been renamed yet. */
    private void complete(String month, boolean mayPause) throws IOException {
        List<DbKind> pending = KINDS.stream().filter(k -> Files.exists(staged(k))).toList();
        if (!pending.isEmpty()) {
            for (DbKind kind : pending) {
                if (Files.exists(live(kind))) {
                    linkOrCopy(live(kind), previous(kind));
                }
            }
            Optional<String> current = stamp();
            if (current.isPresent()) {
                writeAtomically(PREVIOUS_STAMP, current.get());
            } else {
                Files.deleteIfExists(dir.resolve(PREVIOUS_STAMP));
            }
            for (int i = 0; i < pending.size(); i++) {
                if (i > 0 && mayPause) {
                    pause();
                }
                Files.move(staged(pending.get(i)), live(pending.get(i)), StandardCopyOption.ATOMIC_MOVE);
            }
            fsyncDir();
            log.info("geoip: renamed " + pending.stream().map(DbKind::fileName).toList() + " into place in " + dir);
        }
        writeAtomically(STAMP, month);
        Files.deleteIfExists(dir.resolve(JOURNAL));
        fsyncDir();
        log.info("geoip: stamp " + dir.resolve(STAMP) + " is now " + month);
    }

    /** A hard link where the file system has them (no copy of 100 MB); the target is replaced atomically. */
    private void linkOrCopy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, from);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(from, tmp);
            fsync(tmp);
        }
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // no newline: the original writes the month alone, and readers compare the whole file with it
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        readableByAll(tmp);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        fsyncDir();
    }

    private Optional<String> read(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.US_ASCII).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new StoreError("cannot read " + p + ": " + e, e);
        }
    }

    /**
     * Mode 0644 whatever the umask (the units' is 0027): the OONI API reads the files as its own user. Skipped on a
     * file system without POSIX modes.
     */
    static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes the renames themselves durable (Linux: fsync on the directory). */
    private void fsyncDir() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private void pause() {
        if (debugPauseSeconds > 0) {
            log.info("geoip: pausing " + debugPauseSeconds + " s during install (debug_pause_during_install_seconds)");
            try {
                Thread.sleep(debugPauseSeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreError("interrupted during install");
            }
        }
    }
}
