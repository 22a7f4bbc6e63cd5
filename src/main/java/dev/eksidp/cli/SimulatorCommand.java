package dev.eksidp.cli;

import dev.eksidp.simulator.SimulatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "simulator",
        description = {"Runs the local EKS + STS fleet simulator on 127.0.0.1 until interrupted. Point any AWS client at "
                + "it with AWS_ENDPOINT_URL and the fleet's hub access key; see src/site/markdown/simulator.md.", ""},
        exitCodeList = {"0:stopped (Ctrl-C, SIGTERM)", "64:a bad fleet file or port, or the port is in use; one line says which"})
final class SimulatorCommand extends Subcommand {

    @Option(names = "--fleet", paramLabel = "FILE", required = true, description = "Fleet file (JSON or YAML).")
    Path fleet;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    SimulatorCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        if (!Files.isReadable(fleet)) {
            throw new UsageException("cannot read fleet file " + fleet);
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535");
        }
        try {
            return SimulatorMain.run(fleet, port, env.out());
        } catch (IllegalArgumentException e) {
            // A typo in the fleet file is the user's to fix: one line, no stack trace.
            throw new UsageException(fleet + ": " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException(e.getMessage() + ": " + e.getCause().getMessage());
        }
    }
}
