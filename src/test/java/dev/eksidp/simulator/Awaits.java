package dev.eksidp.simulator;

import java.util.function.BooleanSupplier;

/** Polls a condition: waiting for a simulated update to finish without a fixed, load-sensitive sleep. */
final class Awaits {
    private Awaits() {
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
            Thread.sleep(50);
        }
    }
}
