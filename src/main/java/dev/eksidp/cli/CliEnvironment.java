package dev.eksidp.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The streams a command talks to, whether a person is at the other end, the launcher the printed commands name
 * (the absolute path of the launcher script that started the JVM), and where the process's signals go.
 */
record CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal, String launcher,
                      GracefulStop signals) {

    static final String DEFAULT_LAUNCHER = "eks-idp-remediation";

    /** A command run inside another program: no signal handling of its own. */
    CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
        this(out, err, in, terminal, DEFAULT_LAUNCHER, GracefulStop.NONE);
    }

    /** How to print commands that use this repository, from the directory the command runs in. */
    ResumeHint resumeHint(RepositoryOptions repository) {
        return new ResumeHint(launcher, repository, Path.of("").toAbsolutePath());
    }
}
