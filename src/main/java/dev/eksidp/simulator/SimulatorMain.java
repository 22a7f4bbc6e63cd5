package dev.eksidp.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Standalone entry: run the simulator from a fleet file until interrupted (or the JVM shuts down). */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static int run(Path fleetFile, int port, PrintStream out) {
        Fleet fleet = FleetLoader.load(fleetFile);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Simulator sim = Simulator.start(fleet, port)) {
            Thread hook = new Thread(() -> {
                sim.close();
                stopped.countDown();
            }, "simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Simulator listening on " + sim.endpoint());
            out.println("Hub credentials: AWS_ACCESS_KEY_ID=" + fleet.hub().accessKeyId() + " (secret from the fleet file); stats: GET " + sim.endpoint() + "/_sim/stats");
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook closes the simulator
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        System.exit(run(Path.of(args[0]), port, System.out));
    }
}
