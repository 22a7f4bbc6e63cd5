package dev.eksidp.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One EKS Update on a cluster. Its status is a function of the simulator clock (InProgress until
 * completesAt, then Successful), so nothing needs a timer thread; the cluster applies the effect
 * on the provider the first time it is looked at after completion.
 */
record UpdateRecord(String id, String type, List<Param> params, Instant createdAt, Instant completesAt,
                    String providerName, boolean removesProvider) {

    record Param(String type, String value) {
    }

    boolean done(Instant simNow) {
        return !simNow.isBefore(completesAt);
    }

    String status(Instant simNow) {
        return done(simNow) ? "Successful" : "InProgress";
    }
}
