package dev.eksidp.stop;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A run's request to stop (a signal, the error budget): once raised, no new change may be sent. Waits that can
 * last long (a backoff, a rate limiter, the pause between --wait polls) end at once instead of sleeping it out;
 * a call already sent is never interrupted, so its answer is still recorded.
 *
 * <p>Threads mark the stretches where they only wait with {@link #waiting(Wait)}; a stop interrupts exactly
 * those, under one lock, so an interrupt can never land in an HTTP call or a JDBC statement (H2 closes its file
 * on an interrupt).
 */
public final class StopSignal {

    private final CountDownLatch raised = new CountDownLatch(1);
    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    private volatile String reason;

    /** Raises the stop; the first reason given is the one kept. */
    public void request(String why) {
        synchronized (waiters) {
            if (reason == null) {
                reason = why;
                raised.countDown();
            }
            waiters.forEach(Thread::interrupt);
        }
    }

    public boolean requested() {
        return reason != null;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Throws {@link StopRequestedException} once a stop was requested: call it right before sending a change. */
    public void check() {
        String why = reason;
        if (why != null) {
            throw new StopRequestedException(why);
        }
    }

    /** Sleeps for {@code duration}, or less if a stop comes; true when the whole time passed without one. */
    public boolean sleep(Duration duration) throws InterruptedException {
        return !raised.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs a stretch that only waits (a backoff, a rate limiter) or a retry loop whose pauses are waits: a stop
     * interrupts it, and whatever it then throws becomes {@link StopRequestedException}. The thread's interrupt
     * status is clean afterwards. Inside it, {@link #working} marks the calls that must not be interrupted.
     */
    public <T> T waiting(Wait<T> wait) {
        Thread self = Thread.currentThread();
        synchronized (waiters) {
            check();
            waiters.add(self);
        }
        try {
            return wait.run();
        } catch (StopRequestedException e) {
            throw e;
        } catch (Exception e) {
            check();
            if (e instanceof InterruptedException) {
                self.interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            synchronized (waiters) {
                waiters.remove(self);
                if (requested()) {
                    Thread.interrupted();
                }
            }
        }
    }

    /**
     * Inside {@link #waiting}: runs work a stop must not interrupt, such as a request being sent. It does not start
     * once a stop was requested; if a stop comes while it runs, the wait that follows it ends at once.
     */
    public <T> T working(Supplier<T> work) {
        Thread self = Thread.currentThread();
        boolean wasWaiting;
        synchronized (waiters) {
            wasWaiting = waiters.remove(self);
            check();
            // An interrupt that is not a stop's (none is pending, or check() would have thrown) must not abort the call.
            Thread.interrupted();
        }
        try {
            return work.get();
        } finally {
            synchronized (waiters) {
                if (wasWaiting) {
                    waiters.add(self);
                    if (requested()) {
                        self.interrupt();
                    }
                }
            }
        }
    }

    /** Something that waits (sleeps, parks, retries with pauses) and may be interrupted. */
    @FunctionalInterface
    public interface Wait<T> {
        T run() throws Exception;
    }
}
