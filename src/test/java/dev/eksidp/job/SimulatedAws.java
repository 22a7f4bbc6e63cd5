package dev.eksidp.job;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import dev.eksidp.simulator.SimulatorStats;

import dev.eksidp.testing.SystemProperties;

/**
 * A simulator plus the SDK's standard system properties pointing at it, the way a user points the tool at an
 * endpoint with AWS_ENDPOINT_URL: the job under test builds its clients exactly as in production.
 */
public final class SimulatedAws implements AutoCloseable {

    private final Simulator simulator;
    private final SystemProperties properties = new SystemProperties();

    private SimulatedAws(Fleet fleet) {
        this.simulator = Simulator.start(fleet, 0);
        properties.set("aws.endpointUrl", simulator.endpoint().toString())
                .set("aws.accessKeyId", fleet.hub().accessKeyId())
                .set("aws.secretAccessKey", fleet.hub().secretAccessKey())
                .set("aws.region", "us-east-1");
    }

    public static SimulatedAws start(Fleet fleet) {
        return new SimulatedAws(fleet);
    }

    public Simulator simulator() {
        return simulator;
    }

    public SimulatorStats stats() {
        return simulator.stats();
    }

    @Override
    public void close() {
        properties.close();
        simulator.close();
    }
}
