package dev.eksidp.simulator;

import java.util.Random;

/** Decides, from a seeded sequence, which EKS calls fail on purpose, so a faulty run can be repeated. */
final class FaultInjector {
    enum Fault { NONE, SERVER_ERROR, DROP_CONNECTION, LOSE_RESPONSE }

    private final Fleet.Faults faults;
    private final Random random;

    FaultInjector(Fleet.Faults faults) {
        this.faults = faults;
        this.random = new Random(faults.seed());
    }

    synchronized Fault next() {
        if (faults.serverErrorRate() <= 0 && faults.dropConnectionRate() <= 0 && faults.lostResponseRate() <= 0) return Fault.NONE;
        double r = random.nextDouble();
        if (r < faults.serverErrorRate()) return Fault.SERVER_ERROR;
        if (r < faults.serverErrorRate() + faults.dropConnectionRate()) return Fault.DROP_CONNECTION;
        if (r < faults.serverErrorRate() + faults.dropConnectionRate() + faults.lostResponseRate()) return Fault.LOSE_RESPONSE;
        return Fault.NONE;
    }
}
