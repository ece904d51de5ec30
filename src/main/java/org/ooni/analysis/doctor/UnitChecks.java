package org.ooni.analysis.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which units run the jobs, read from the links {@code systemctl enable} makes under {@code /etc/systemd/system}
 * (so it works without a running systemd): each job runs from our timer or our daemon, our timers carry the
 * original's names as aliases, and no timer of the original still runs the old job beside ours.
 */
final class UnitChecks {
    private UnitChecks() {
    }

    static List<String> check(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Path etc = FileChecks.at(root, "/etc/systemd/system");
        boolean daemon = Files.exists(etc.resolve("multi-user.target.wants/ooni-analysis-daemon.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        for (OriginalUnit u : OriginalUnit.ALL) {
            Path ourTimer = etc.resolve("timers.target.wants/" + u.ours() + ".timer");
            boolean timer = Files.exists(ourTimer, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!timer && !daemon) {
                out.add("unit: " + u.job() + " runs from neither " + u.ours() + ".timer nor ooni-analysis-daemon.service"
                        + " (the original ran " + u.original() + ".timer)");
            }
            if (timer && !isOurs(etc.resolve(u.original() + ".timer"))) {
                out.add("unit: " + u.original() + ".timer is not an alias of " + u.ours()
                        + ".timer (systemctl reenable " + u.ours() + ".timer)");
            }
            Path theirs = etc.resolve("timers.target.wants/" + u.original() + ".timer");
            if (Files.exists(theirs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !isOurs(theirs)) {
                out.add("unit: the original's " + u.original() + ".timer is still enabled and runs the old job"
                        + " (systemctl disable --now " + u.original() + ".timer)");
            }
        }
        return out;
    }

    /** A link made by enabling one of our units points at an {@code ooni-analysis-*} unit file. */
    private static boolean isOurs(Path link) throws IOException {
        return Files.isSymbolicLink(link)
                && Files.readSymbolicLink(link).getFileName().toString().startsWith("ooni-analysis-");
    }
}
