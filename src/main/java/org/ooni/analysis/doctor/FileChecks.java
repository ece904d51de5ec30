package org.ooni.analysis.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the original's clients read from the file system: the GeoIP pair and its stamp where the OONI API reads
 * them, readable by its user; the configuration files; the original's commands.
 */
final class FileChecks {
    static final String API_GEOIP_DIR = "/var/lib/ooniapi";
    private static final Pattern STAMP = Pattern.compile("[0-9]{4}-[0-9]{2}");

    private FileChecks() {
    }

    /** {@code geoipDir} as configured; {@code root} is where the host's file system starts ("/" but in tests). */
    static List<String> geoip(Path root, String geoipDir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!geoipDir.equals(API_GEOIP_DIR)) {
            out.add("geoip: [geoip] dir is " + geoipDir + "; the OONI API reads " + API_GEOIP_DIR);
        }
        Path dir = at(root, geoipDir);
        if (!Files.isDirectory(dir)) {
            out.add("geoip: folder " + geoipDir + " is missing (run: ooni-analysis update geoip)");
            return out;
        }
        for (String name : List.of("asn.mmdb", "cc.mmdb")) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                out.add("geoip: " + geoipDir + "/" + name + " is missing (run: ooni-analysis update geoip)");
            } else if (!worldReadable(f)) {
                out.add("geoip: " + geoipDir + "/" + name + " has mode " + mode(f)
                        + "; the API's user ooniapi needs it readable (0644)");
            }
        }
        Path stamp = dir.resolve("geoipdbts");
        if (!Files.isRegularFile(stamp)) {
            out.add("geoip: " + geoipDir + "/geoipdbts is missing (run: ooni-analysis update geoip)");
        } else {
            String text = Files.readString(stamp, StandardCharsets.ISO_8859_1);
            if (!STAMP.matcher(text).matches()) {
                out.add("geoip: " + geoipDir + "/geoipdbts holds '" + escaped(text)
                        + "'; the original writes the month alone, YYYY-MM without a newline");
            }
        }
        return out;
    }

    static List<String> configs(Path root) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(at(root, "/etc/ooni/analysis.toml"))) {
            out.add("config: /etc/ooni/analysis.toml is missing (every key takes its built-in default)");
        }
        if (!Files.isRegularFile(at(root, "/etc/ooni/db-backup.conf"))) {
            out.add("config: /etc/ooni/db-backup.conf is missing; ooni-db-backup reads [backup] of analysis.toml");
        }
        return out;
    }

    static List<String> commands(Path root) {
        List<String> out = new ArrayList<>();
        for (String command : List.of("/usr/bin/analysis", "/usr/bin/ooni-db-backup")) {
            if (!Files.isExecutable(at(root, command))) {
                out.add("command: " + command + " is missing (the original's timers and runbooks call it)");
            }
        }
        return out;
    }

    static Path at(Path root, String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    private static boolean worldReadable(Path f) throws IOException {
        return !Files.getFileStore(f).supportsFileAttributeView("posix")
                || Files.getPosixFilePermissions(f).contains(PosixFilePermission.OTHERS_READ);
    }

    private static String mode(Path f) throws IOException {
        int m = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(f)) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", m);
    }

    private static String escaped(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replace("\n", "\\n").replace("\r", "\\r");
    }
}
