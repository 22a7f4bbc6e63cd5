package dev.eksidp.cli;

import dev.eksidp.simulator.SimulatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the local EKS + STS fleet simulator on 127.0.0.1 until interrupted. Point any AWS client at "
                + "it with AWS_ENDPOINT_URL and the fleet's hub access key; see the README's Simulator section.", ""})
final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--fleet", paramLabel = "FILE", required = true, description = "Fleet file (JSON or YAML).")
    Path fleet;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    private final CliEnvironment env;

    SimulatorCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (!Files.isReadable(fleet)) {
            throw new UsageException("cannot read fleet file " + fleet);
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535");
        }
        return SimulatorMain.run(fleet, port, env.out());
    }
}
