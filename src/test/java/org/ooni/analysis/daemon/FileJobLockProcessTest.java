package org.ooni.analysis.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-job lock across processes: held by another process, it is refused with its owner; its death frees it. */
class FileJobLockProcessTest {
    @TempDir
    Path tmp;

    @Test
    void aLockHeldByAnotherProcessIsRefusedUntilThatProcessDies() throws Exception {
        String store = "duckdb:/srv/ooni/analysis.duckdb";
        try (ChildProcess holder = ChildProcess.main(LockHolder.class.getName(), tmp.toString(), store, "backup");
             FileJobLock lock = new FileJobLock(tmp, store, Clock.systemUTC())) {
            holder.awaitLine("taken: true");
            JobLock.Attempt refused = lock.tryAcquire("backup");
            assertFalse(refused.taken());
            assertTrue(refused.detail().startsWith("lock " + lock.fileOf("backup") + " is held by another daemon (pid "
                    + holder.pid() + " on "), refused.detail());
            assertTrue(lock.tryAcquire("citizenlab").taken(), "one lock per job");
            holder.close(); // SIGKILL: no clean-up of any kind, yet the kernel drops the lock
            assertTrue(lock.tryAcquire("backup").taken(), "no stale lock after the holder died");
            assertEquals(lock.fileOf("backup").getParent(), tmp);
        }
    }
}
