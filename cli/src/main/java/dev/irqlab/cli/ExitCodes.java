package dev.irqlab.cli;

/** The exit statuses of every command. */
final class ExitCodes {
    static final int OK = 0;
    static final int EXPECTATIONS_NOT_MET = 1;
    static final int BAD_INPUT = 2;
    /** Stopped by --max-events or --max-wall; the summary and outputs cover what ran. */
    static final int STOPPED = 3;

    private ExitCodes() {
    }
}
