package dev.eksidp.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes that each must be durable before their caller goes on, committed together: whoever gets to write takes
 * every write queued so far into one transaction, and the callers that queued meanwhile find theirs done. A commit
 * of H2's MVStore rewrites and compresses the pages it touched, so one commit per removed config was a quarter of
 * apply's CPU (a JFR profile of scripts/bench d10k); concurrent rows now share commits and no caller waits for more
 * than the commit in progress and its own.
 */
final class GroupCommit<T> {

    private final Consumer<List<T>> writeInOneTransaction;
    private final Object queueLock = new Object();
    /** A lock, not a monitor: on JDK 21 a virtual thread blocked on a monitor pins its carrier thread. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private List<Pending<T>> queue = new ArrayList<>();

    private static final class Pending<T> {
        final T value;
        boolean done;
        RuntimeException failure;

        Pending(T value) {
            this.value = value;
        }
    }

    GroupCommit(Consumer<List<T>> writeInOneTransaction) {
        this.writeInOneTransaction = writeInOneTransaction;
    }

    /** Returns once {@code value} is committed (with whatever else was queued); throws what its commit threw. */
    void write(T value) {
        Pending<T> mine = new Pending<>(value);
        synchronized (queueLock) {
            queue.add(mine);
        }
        writeLock.lock();
        try {
            if (!mine.done) {
                List<Pending<T>> batch;
                synchronized (queueLock) {
                    batch = queue;
                    queue = new ArrayList<>();
                }
                RuntimeException failure = null;
                try {
                    writeInOneTransaction.accept(batch.stream().map(p -> p.value).toList());
                } catch (RuntimeException e) {
                    failure = e;
                }
                for (Pending<T> p : batch) {
                    p.failure = failure;
                    p.done = true;
                }
            }
        } finally {
            writeLock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }
}
