package org.ooni.analysis.daemon;

import java.nio.file.Path;
import java.time.Clock;

/** Test helper run in a child JVM: takes one job's lock and holds it until killed. Args: DIR STORE JOB. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        FileJobLock lock = new FileJobLock(Path.of(args[0]), args[1], Clock.systemUTC());
        System.out.println("taken: " + lock.tryAcquire(args[2]).taken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
