package dev.eksidp.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The streams a command talks to, whether a person is at the other end, and the launcher the printed commands
 * name (the absolute path of scripts/eks-idp-remediation when it started the JVM).
 */
record CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal, String launcher) {

    static final String DEFAULT_LAUNCHER = "eks-idp-remediation";

    CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
        this(out, err, in, terminal, DEFAULT_LAUNCHER);
    }

    /** How to print commands that use this repository, from the directory the command runs in. */
    ResumeHint resumeHint(RepositoryOptions repository) {
        return new ResumeHint(launcher, repository, Path.of("").toAbsolutePath());
    }
}
