package org.ooni.analysis.cli;

/** The process exit codes (also listed in the README). Failure kinds carry their own; these are the rest. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
