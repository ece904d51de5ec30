package org.ooni.analysis.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code serve}: the read API over HTTP until the process is stopped (see docs/api.md). */
@Command(name = "serve", description = "Serve the jobs' results over HTTP (read API, feeds, /health, /metrics) until "
        + "stopped; see docs/api.md.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default: [api] host, 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "Port to bind, 0 for any free one (default: [api] port,"
            + " 8478).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        try (JobRuntime runtime = new JobRuntime(root.global, root.env, true);
             ApiHost api = ApiHost.start(runtime, root.env, host, port)) {
            CountDownLatch stopped = new CountDownLatch(1);
            try (SignalShutdown shutdown = new SignalShutdown("serve", () -> {
                api.close();
                stopped.countDown();
            }, Duration.ofSeconds(30), runtime.log())) {
                runtime.log().info("serve: listening on " + api.address() + " (store " + runtime.storeUrl() + ", "
                        + api.threads() + " threads)");
                stopped.await();
                // closed here, not by the try: once the shutdown hook is released it halts the JVM at once
                api.close();
                runtime.close();
            }
            return ExitCodes.OK;
        }
    }
}
