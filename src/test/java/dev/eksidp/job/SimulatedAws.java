package dev.eksidp.job;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import dev.eksidp.simulator.SimulatorStats;

import java.util.HashMap;
import java.util.Map;

/**
 * A simulator plus the SDK's standard system properties pointing at it, the way a user points the tool at an
 * endpoint with AWS_ENDPOINT_URL: the job under test builds its clients exactly as in production.
 */
public final class SimulatedAws implements AutoCloseable {

    private final Simulator simulator;
    private final Map<String, String> previous = new HashMap<>();

    private SimulatedAws(Fleet fleet) {
        this.simulator = Simulator.start(fleet, 0);
        set("aws.endpointUrl", simulator.endpoint().toString());
        set("aws.accessKeyId", fleet.hub().accessKeyId());
        set("aws.secretAccessKey", fleet.hub().secretAccessKey());
        set("aws.region", "us-east-1");
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

    /** Another system property for the test (a service-specific endpoint, say), restored on close like the rest. */
    public SimulatedAws with(String key, String value) {
        set(key, value);
        return this;
    }

    private void set(String key, String value) {
        previous.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @Override
    public void close() {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        simulator.close();
    }
}
