package org.ooni.analysis.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ooni.analysis.api.PriorityTables;
import org.ooni.analysis.cli.CliRun;
import org.ooni.analysis.store.StoreUrl;
import org.ooni.analysis.store.TableSchema;
import org.ooni.analysis.store.Warehouse;
import org.ooni.analysis.store.Warehouses;

/**
 * {@code doctor} on a host tree made in a temporary folder (files, enable links as systemctl makes them) and a real
 * DuckDB store: silent on a host set up as docs/migration.md says, then one exact line for each thing broken.
 */
class DoctorTest {
    @TempDir
    Path tmp;
    Path host;
    Path config;
    String db;

    @BeforeEach
    void aMigratedHost() throws Exception {
        host = tmp.resolve("host");
        Path geoip = dir("/var/lib/ooniapi");
        for (String f : List.of("asn.mmdb", "cc.mmdb")) {
            Files.write(geoip.resolve(f), new byte[] {1});
            Files.setPosixFilePermissions(geoip.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.writeString(geoip.resolve("geoipdbts"), "2026-10");
        Files.writeString(dir("/etc/ooni").resolve("analysis.toml"), "");
        Files.writeString(dir("/etc/ooni").resolve("db-backup.conf"), "{}");
        for (String c : List.of("analysis", "ooni-db-backup")) {
            Path p = Files.writeString(dir("/usr/bin").resolve(c), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path etc = dir("/etc/systemd/system");
        Files.createDirectories(etc.resolve("timers.target.wants"));
        for (OriginalUnit u : OriginalUnit.ALL) {
            Path unit = Path.of("/usr/lib/systemd/system/" + u.ours() + ".timer");
            Files.createSymbolicLink(etc.resolve("timers.target.wants/" + u.ours() + ".timer"), unit);
            Files.createSymbolicLink(etc.resolve(u.original() + ".timer"), unit);
        }
        db = "duckdb:" + tmp.resolve("analysis.duckdb");
        try (Warehouse w = Warehouses.open(StoreUrl.parse(db), false)) {
            for (TableSchema t : StoreChecks.WRITTEN) {
                w.createTableIfMissing(t);
            }
            w.createTableIfMissing(PriorityTables.URL_PRIORITIES);
            w.createTableIfMissing(PriorityTables.COUNTERS);
        }
        config = tmp.resolve("analysis.toml");
        statsd("127.0.0.1", 8125);
    }

    private Path dir(String absolute) throws Exception {
        return Files.createDirectories(host.resolve(absolute.substring(1)));
    }

    private void statsd(String statsdHost, int port) throws Exception {
        Files.writeString(config, """
                [geoip]
                dir = "/var/lib/ooniapi"
                [statsd]
                host = "%s"
                port = %d
                """.formatted(statsdHost, port));
    }

    private CliRun.Result doctor() {
        return CliRun.run("--config", config.toString(), "--db", db, "doctor", "--root", host.toString());
    }

    @Test
    void aHostSetUpAsTheGuideSaysHasNoDifference() {
        CliRun.Result r = doctor();
        assertEquals("doctor: no difference from what the original's clients expect\n", r.out(), r.err());
        assertEquals(0, r.exitCode());
    }

    @Test
    void eachDifferenceIsOneLine() throws Exception {
        Path geoip = host.resolve("var/lib/ooniapi");
        Files.setPosixFilePermissions(geoip.resolve("asn.mmdb"), PosixFilePermissions.fromString("rw-r-----"));
        Files.delete(geoip.resolve("cc.mmdb"));
        Files.writeString(geoip.resolve("geoipdbts"), "2026-10\n");
        Files.delete(host.resolve("etc/ooni/db-backup.conf"));
        Files.delete(host.resolve("usr/bin/analysis"));
        Path etc = host.resolve("etc/systemd/system");
        Files.delete(etc.resolve("ooni-db-backup.timer"));
        Files.delete(etc.resolve("timers.target.wants/ooni-analysis-detect.timer"));
        Files.createSymbolicLink(etc.resolve("timers.target.wants/ooni-update-citizenlab.timer"),
                Path.of("/lib/systemd/system/ooni-update-citizenlab.timer"));
        try (Warehouse w = Warehouses.open(StoreUrl.parse(db), false)) {
            w.dropTableIfExists("url_priorities");
            w.dropTableIfExists("asnmeta");
            w.createTableIfMissing(new TableSchema("asnmeta", List.of(new org.ooni.analysis.store.Column("asn",
                    org.ooni.analysis.store.ColumnType.UINT32)), List.of(), org.ooni.analysis.store.Engine.MERGE_TREE));
        }
        statsd("127.0.0.1", 9125);

        CliRun.Result r = doctor();
        assertEquals(5, r.exitCode(), r.out() + r.err());
        assertEquals(List.of(
                "geoip: /var/lib/ooniapi/asn.mmdb has mode 0640; the API's user ooniapi needs it readable (0644)",
                "geoip: /var/lib/ooniapi/cc.mmdb is missing (run: ooni-analysis update geoip)",
                "geoip: /var/lib/ooniapi/geoipdbts holds '2026-10\\n'; the original writes the month alone, YYYY-MM"
                        + " without a newline",
                "config: /etc/ooni/db-backup.conf is missing; ooni-db-backup reads [backup] of analysis.toml",
                "command: /usr/bin/analysis is missing (the original's timers and runbooks call it)",
                "unit: the original's ooni-update-citizenlab.timer is still enabled and runs the old job"
                        + " (systemctl disable --now ooni-update-citizenlab.timer)",
                "unit: ooni-db-backup.timer is not an alias of ooni-analysis-backup.timer"
                        + " (systemctl reenable ooni-analysis-backup.timer)",
                "unit: detect runs from neither ooni-analysis-detect.timer nor ooni-analysis-daemon.service"
                        + " (the original ran detector.timer)",
                "store: table asnmeta lacks column(s) org_name, cc, changed, aut_name, source (has asn)",
                "store: table url_priorities is missing (the original's API ranks the test list with it;"
                        + " /api/v1/test-list/urls keeps its plain order without)",
                "metrics: [statsd] port is 9125; the original sends to port 8125",
                "doctor: 11 difference(s)"), r.out().lines().toList());
    }

    @Test
    void theDaemonRunsEveryJobAndAWrongGeoipFolderIsNamed() throws Exception {
        Path etc = host.resolve("etc/systemd/system");
        for (OriginalUnit u : OriginalUnit.ALL) {
            Files.delete(etc.resolve("timers.target.wants/" + u.ours() + ".timer"));
        }
        Files.createDirectories(etc.resolve("multi-user.target.wants"));
        Files.createSymbolicLink(etc.resolve("multi-user.target.wants/ooni-analysis-daemon.service"),
                Path.of("/usr/lib/systemd/system/ooni-analysis-daemon.service"));
        Files.writeString(config, "[geoip]\ndir = \"/var/lib/ooni-analysis/geoip\"\n[statsd]\nenabled = false\n");
        CliRun.Result r = doctor();
        assertEquals(List.of("geoip: [geoip] dir is /var/lib/ooni-analysis/geoip; the OONI API reads /var/lib/ooniapi",
                "geoip: folder /var/lib/ooni-analysis/geoip is missing (run: ooni-analysis update geoip)",
                "metrics: [statsd] enabled = false; the original sends every series to localhost:8125",
                "doctor: 3 difference(s)"), r.out().lines().toList());
    }

    @Test
    void anUnreachableStoreIsOneLine() {
        db = "duckdb:" + tmp.resolve("no-such.duckdb");
        CliRun.Result r = doctor();
        assertEquals(5, r.exitCode());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("store: duckdb:" + tmp.resolve("no-such.duckdb") + " is not reachable: "),
                lines.get(0));
    }
}
