package dev.eksidp.simulator;

import java.util.ArrayDeque;

/** Largest number of arrivals seen in any sliding one-second window (real time). */
final class PeakRate {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
    private int peak;

    synchronized void arrive() {
        long now = System.nanoTime();
        arrivals.addLast(now);
        while (now - arrivals.peekFirst() >= WINDOW_NANOS) arrivals.removeFirst();
        peak = Math.max(peak, arrivals.size());
    }

    synchronized int peak() {
        return peak;
    }
}
