package org.ooni.analysis.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ooni.analysis.job.Log;

/**
 * Turns SIGTERM (or SIGINT) into a clean stop with exit status 0 for the long-running commands ({@code daemon},
 * {@code serve}). The JVM runs shutdown hooks on the signal and then exits 143; this hook asks the command to stop,
 * waits until the command says its clean-up is done ({@link #close()}), then ends the process with status 0. A
 * command that ends on its own calls {@link #close()} too, which removes the hook so its own exit status stands.
 */
final class SignalShutdown implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    SignalShutdown(String command, Runnable stop, Duration maxWait, Log log) {
        this.hook = new Thread(() -> {
            log.info(command + ": stop requested by signal");
            stop.run();
            try {
                if (!done.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.error(command + ": clean-up did not end within " + maxWait.toSeconds() + " s; exiting");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info(command + ": stopped, exit 0");
            // halt, not exit: exit from a shutdown hook blocks forever, and the JVM's own ending would be 143
            Runtime.getRuntime().halt(0);
        }, command + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command's clean-up is over. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (we were signalled): it halts with 0 now that clean-up is done
        }
    }
}
