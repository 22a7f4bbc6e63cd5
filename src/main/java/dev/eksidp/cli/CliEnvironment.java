package dev.eksidp.cli;

import dev.eksidp.report.RunOrigin;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;

/**
 * The streams a command talks to, whether a person is at the other end, the launcher the printed commands name
 * (the absolute path of the launcher script that started the JVM), where the process's signals go, and the
 * process environment (AWS_PROFILE, XDG_DATA_HOME, HOSTNAME), and the clock every command takes the time from (run
 * ids, plan ages, report names).
 */
record CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal, String launcher,
                      GracefulStop signals, Map<String, String> environment, Clock clock) {

    static final String DEFAULT_LAUNCHER = "eks-idp-remediation";

    /** A command run inside another program: no signal handling of its own. */
    CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
        this(out, err, in, terminal, DEFAULT_LAUNCHER, GracefulStop.NONE, System.getenv(), Clock.systemUTC());
    }

    /** The same environment on another clock (tests that move time). */
    CliEnvironment withClock(Clock other) {
        return new CliEnvironment(out, err, in, terminal, launcher, signals, environment, other);
    }

    /** Who and where this process runs, for the runs it starts (their command line is kept with their intent). */
    RunOrigin origin() {
        return new RunOrigin(host(), System.getProperty("user.name"), RootCommand.VERSION, null);
    }

    private String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host whose own name does not resolve: shells and Windows still know it.
            return environment.getOrDefault("HOSTNAME", environment.get("COMPUTERNAME"));
        }
    }

    /** How to print commands that use this repository and these AWS options. */
    ResumeHint resumeHint(RepositoryOptions repository, AwsOptions aws) {
        return new ResumeHint(launcher, repository, aws);
    }
}
