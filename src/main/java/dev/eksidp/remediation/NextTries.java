package dev.eksidp.remediation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the targets now backing off will be tried next, so progress can say what a pass waits for ("3 backing off,
 * next try in 40 s") rather than only the backoff rule. A target's attempts run on one thread, so its wait is kept
 * per thread: recorded when a backoff starts, cleared when the next attempt starts or the target ends. Thread-safe:
 * the partitions of a step back off on their own threads while the progress ticker reads.
 */
public final class NextTries {

    /** The thread's next try, in System.nanoTime() terms: monotonic, whatever the wall clock does. */
    private final Map<Thread, Long> due = new ConcurrentHashMap<>();

    void backingOff(Duration wait) {
        due.put(Thread.currentThread(), System.nanoTime() + wait.toNanos());
    }

    void trying() {
        due.remove(Thread.currentThread());
    }

    /** How many targets are between two attempts, and how long until the soonest is tried again (zero when due). */
    public record Waiting(int backingOff, Duration soonest) {
    }

    /** The targets backing off right now, from one copy so the count and the time agree; empty when none is. */
    public Optional<Waiting> now() {
        List<Long> times = List.copyOf(due.values());
        long now = System.nanoTime();
        return times.stream().mapToLong(Long::longValue).min().stream()
                .mapToObj(at -> new Waiting(times.size(), Duration.ofNanos(Math.max(0, at - now)))).findFirst();
    }
}
