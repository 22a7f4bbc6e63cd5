package dev.eksidp.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** apply --wait: follow every accepted update until it ends, and report its final status. */
public class WaitOptions {

    @Option(names = "--wait", description = "Poll DescribeUpdate until every accepted update ends; report the final status.")
    boolean enabled;

    @Option(names = "--wait-poll", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds between polls of the updates still in progress (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--wait-timeout", paramLabel = "MINUTES", defaultValue = "90",
            description = "Give up waiting after this many minutes; the rows still waiting become FAILED (default: ${DEFAULT-VALUE}).")
    double timeoutMinutes;

    static WaitOptions none() {
        return new WaitOptions();
    }

    Duration pollInterval() {
        return Duration.ofMillis((long) (pollSeconds * 1000));
    }

    Duration timeout() {
        return Duration.ofMillis((long) (timeoutMinutes * 60_000));
    }
}
