package dev.eksidp.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's notion of time: starts at the wall clock and runs {@code speed} times faster,
 * so a run can cross update completions and credential expiries without waiting real minutes.
 * Based on nanoTime so a wall-clock jump on the host does not expire credentials.
 */
final class SimClock {
    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final double speed;
    /** Jumps made on request ({@link #advance}): the simulator's clock then disagrees with its clients'. */
    private final AtomicLong offsetNanos = new AtomicLong();

    SimClock(double speed) {
        this.speed = speed;
    }

    Instant now() {
        long elapsed = System.nanoTime() - originNanos;
        return origin.plusNanos((long) (elapsed * speed) + offsetNanos.get());
    }

    /** Moves the clock forward at once, as a service whose clock runs ahead of the client's (or a long pause) would. */
    void advance(Duration by) {
        offsetNanos.addAndGet(by.toNanos());
    }

    /** Real duration, in the simulated time scale: what a client waiting {@code realMillis} lives through. */
    long simMillis(long realMillis) {
        return (long) (realMillis * speed);
    }

    /**
     * The wall-clock instant at which the simulator clock reaches {@code simInstant}: what a client
     * comparing against its own clock needs (e.g. a credentials Expiration).
     */
    Instant toWall(Instant simInstant) {
        long simNanosFromNow = Duration.between(now(), simInstant).toNanos();
        return Instant.now().plusNanos((long) (simNanosFromNow / speed));
    }
}
