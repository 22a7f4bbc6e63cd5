package dev.eksidp.job;

import org.springframework.beans.factory.ObjectProvider;

import java.io.PrintStream;

/**
 * Where the jobs' progress lines go: the command's error stream, registered by the command that opens the context;
 * the job tests, which register none, get the process's. A record around the stream rather than the stream itself:
 * Spring closes the AutoCloseable beans of a context it closes, and the command still writes after that.
 */
public record ProgressOutput(PrintStream stream) {

    /** The registered stream, or the process's standard error. */
    public static PrintStream of(ObjectProvider<ProgressOutput> registered) {
        return registered.getIfAvailable(() -> new ProgressOutput(System.err)).stream();
    }
}
