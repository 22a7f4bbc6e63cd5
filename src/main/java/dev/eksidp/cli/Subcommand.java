package dev.eksidp.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * What every subcommand shares: the house style of its help, which picocli merges into each subclass's own
 * {@code @Command} (--help and --version, options in the order they are declared, the exit codes under one heading),
 * and the process's environment.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false, exitCodeListHeading = "%nExit codes:%n")
abstract class Subcommand implements Callable<Integer> {

    final CliEnvironment env;

    Subcommand(CliEnvironment env) {
        this.env = env;
    }
}
