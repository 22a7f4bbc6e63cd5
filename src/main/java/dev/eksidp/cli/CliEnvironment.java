package dev.eksidp.cli;

import java.io.BufferedReader;
import java.io.PrintStream;

/** The streams a command talks to, and whether a person is at the other end. */
record CliEnvironment(PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
}
