package dev.eksidp.cli;

import dev.eksidp.simulator.Simulator;
import dev.eksidp.testing.SystemProperties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's child JVMs and system properties ({@code @RegisterExtension}): every child it starts here is killed
 * when the test ends, and every property it sets here is put back as it was, however the test ends (a failed
 * assertion must not leave a child holding the H2 file, or an endpoint set for the next test in this JVM).
 */
final class CliTestExtension implements AfterEachCallback {

    private final SystemProperties properties = new SystemProperties();
    private final List<Process> children = new ArrayList<>();

    /** Sets a system property for the rest of this test. */
    CliTestExtension property(String key, String value) {
        properties.set(key, value);
        return this;
    }

    /** Starts a child, killed at the end of the test if it is still running then. */
    Process start(ProcessBuilder builder) {
        try {
            Process p = builder.start();
            children.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the CLI in a child JVM in {@code workDir} ({@link CliTestSupport#child}). */
    Process start(Path workDir, Simulator sim, TestPostgres pg, String name, String... args) {
        return start(CliTestSupport.child(workDir, sim, pg, name, args));
    }

    /** Starts the CLI in a child JVM in {@code workDir} against the simulator, H2 (the default repository). */
    Process start(Path workDir, Simulator sim, String name, String... args) {
        return start(CliTestSupport.child(workDir, sim, null, name, args));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            for (Process p : children) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            children.clear();
        } finally {
            properties.close();
        }
    }
}
