package dev.eksidp.report;

/**
 * Where a run came from, for the audit trail: the host and OS user of the process that started it, the tool's
 * version and the command line as the operator would type it again (credentials left out). Any part may be null
 * (a run started before they were recorded, or by a test without the CLI).
 */
public record RunOrigin(String host, String osUser, String toolVersion, String commandLine) {

    /** The same origin with the command line the run's intent recorded. */
    public RunOrigin withCommandLine(String line) {
        return new RunOrigin(host, osUser, toolVersion, line);
    }
}
