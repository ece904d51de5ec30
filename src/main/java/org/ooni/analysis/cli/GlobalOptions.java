package org.ooni.analysis.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options accepted by every command (declared once on the top command and inherited by all subcommands). */
final class GlobalOptions {
    @Option(names = "--db", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Store: duckdb:PATH or clickhouse://USER:PASSWORD@HOST:PORT/DATABASE "
                    + "(default from $OONI_ANALYSIS_DB, the config file, else duckdb:var/analysis.duckdb).")
    String db;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "TOML configuration file (default /etc/ooni/analysis.toml when it exists).")
    Path config;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "Fetch and validate, print the summary, write nothing.")
    boolean dryRun;

    @Option(names = {"--stdout", "--devel"}, scope = ScopeType.INHERIT,
            description = "Human-readable log lines on stdout (default: plain lines on stderr, for journald).")
    boolean stdout;

    @Option(names = "--wait", arity = "0..1", paramLabel = "SECONDS", fallbackValue = "-1", scope = ScopeType.INHERIT,
            description = "When another run of the job is in progress on the store, wait for it (at most SECONDS, "
                    + "default [lease] wait_default_seconds) instead of skipping.")
    Long waitSeconds;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug log lines, and stack traces on errors.")
    boolean verbose;
}
