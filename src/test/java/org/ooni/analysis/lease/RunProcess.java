package org.ooni.analysis.lease;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One CLI process started by a test: its merged output line by line, with when the test read each line. */
final class RunProcess implements AutoCloseable {
    private static final Pattern RUN_ID = Pattern.compile(": start \\(store [^,]+, run ([0-9a-f]{12})\\)");

    record Line(long nanos, String text) {
    }

    private final Process process;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;
    final int input;

    private RunProcess(Process process, int input) {
        this.process = process;
        this.input = input;
        this.reader = new Thread(this::read, "run-output");
        reader.setDaemon(true);
        reader.start();
    }

    static RunProcess cli(int input, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.ooni.analysis.cli.Main"));
        cmd.addAll(args);
        return new RunProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start(), input);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lines) {
                    lines.add(new Line(System.nanoTime(), line));
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** Waits (at most 120 s) for the exit status and the last line. */
    int exit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after 120 s:\n" + output());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** Waits (at most 60 s) for a line holding {@code text}. */
    void awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (lines) {
            while (lines.stream().noneMatch(l -> l.text().contains(text))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no line with '" + text + "' in:\n" + output());
                }
                lines.wait(Math.max(1, Math.min(500, left / 1_000_000)));
            }
        }
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    /** The run id from the start line. */
    String runId() {
        Matcher m = RUN_ID.matcher(output());
        if (!m.find()) {
            throw new AssertionError("no start line with a run id in:\n" + output());
        }
        return m.group(1);
    }

    /** When the test read the first line holding {@code text}, or -1. */
    long nanosOf(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.text().contains(text)).mapToLong(Line::nanos).findFirst().orElse(-1);
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines.stream().map(Line::text).toList());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
