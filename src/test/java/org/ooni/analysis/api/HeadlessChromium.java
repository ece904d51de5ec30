package org.ooni.analysis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, driven as a process: {@link #dom} loads a page and returns the DOM the browser built,
 * {@link #screenshot} saves a PNG. {@code CHROMIUM} names the binary (default {@code /usr/bin/chromium}); without
 * one the test is skipped with a visible message, or fails under {@code CI=true} ({@code .ci/install-chromium}
 * installs it there). Every run gets a fresh profile folder and a time limit.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 90;
    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, or the calling test skipped (failed under CI=true) when none is installed. */
    static HeadlessChromium find(Path work) {
        String name = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Path binary = Path.of(name);
        if (!Files.isExecutable(binary)) {
            String message = "no Chromium at " + name + " (set CHROMIUM or install Debian's chromium package):"
                    + " browser tests skipped";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; under CI=true they must run (see .ci/install-chromium)");
            }
            PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            console.println("[WARNING] " + message);
            Assumptions.abort(message);
        }
        return new HeadlessChromium(binary, work);
    }

    /** The serialised DOM of {@code url} after the browser loaded it. */
    String dom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** Saves a PNG of {@code url} at a window of {@code width} x {@code height} CSS pixels. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                url));
        assertTrue(Files.size(png) > 1000, "screenshot " + png + " is empty");
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", args));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + String.join(" ", args) + "\n" + read(err));
        return Files.readString(out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
