package dev.eksidp.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The child JVM a test runs now; killed when the test ends, however it ends (a field marked {@code @AutoClose}). */
final class ChildProcess implements AutoCloseable {

    private Process current;

    /** Starts the child, after the previous one (if any) has exited or been killed. */
    Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        close();
        current = builder.start();
        return current;
    }

    @Override
    public void close() throws InterruptedException {
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            current.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
