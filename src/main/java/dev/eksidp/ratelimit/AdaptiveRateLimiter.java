package dev.eksidp.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket for one (account, region) or one STS caller that finds and follows the service's rate.
 *
 * <p>Callers reserve a slot and sleep until it comes, so waiting costs no lock and, on virtual threads, no
 * platform thread. With {@link RatePolicy#slowStart()} the rate starts low and grows by one request per second
 * per success (it doubles per second while the bucket is busy, never beyond twice what the service accepted over
 * the last second), until the first throttle. A throttle sets the rate to 90% of what the service actually
 * accepted over the last second (or halves it when nothing got through). After slow start it then holds there and
 * probes above it by about one request per second per second; a fixed rate that was throttled comes back quickly
 * to 95% of the rate that was throttled first (a cut measured in a quiet second must not cost many seconds).
 * The rate never exceeds the policy's ceiling.
 *
 * <p>Every cut starts a new epoch. {@link #acquire()} returns the epoch a request was admitted in: a throttle of
 * a request admitted before the last cut was sent at the old rate and is already answered by that cut, so it cuts
 * nothing, and neither does any throttle in the first 250 ms after a cut. A request admitted at the cut rate and
 * still throttled within the second cuts again, by at least 30%. A caller that was sleeping for a slot booked at
 * the old rate books again at the new one, at once.
 *
 * <p>The same goes when the rate has grown by a quarter since the slots were booked: hundreds of callers queued on
 * one STS limiter in slow start would otherwise keep the slots booked at the starting rate, a minute ahead, and the
 * rate could never show that it grew (measured: 10 AssumeRoles/s for the first 18 s of 2,000 accounts, the
 * limiter sure it was allowed more).
 */
public final class AdaptiveRateLimiter {

    private static final double MIN_RATE = 0.2;
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * Slow start: each success adds ln 2 requests per second; a busy bucket has about {@code rate} successes a
     * second, so its rate doubles each second (dr/dt = r ln 2).
     */
    private static final double SLOW_START_STEP = Math.log(2);
    /** Throttles within this long after a cut cut nothing: the requests admitted at the new rate need time to show. */
    private static final long SETTLE_NANOS = Duration.ofMillis(250).toNanos();
    /** A second cut within a second of the first (requests admitted at the cut rate were throttled too) cuts at least this much. */
    private static final double REPEATED_CUT = 0.7;
    /** Growth since the slots were booked that makes the sleepers book again at the new rate. */
    private static final double RESCHEDULING_GROWTH = 1.25;

    private final RatePolicy policy;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the booked slots are dropped (a cut, or enough growth): sleepers book again at once. */
    private final Condition rescheduled = lock.newCondition();

    private double rate;
    private double tokens;
    private long lastRefill;
    private boolean slowStart;
    private long epoch;
    /** Bumped whenever the booked slots are dropped; a slot of an older schedule is booked again. */
    private long schedule;
    /** The rate the current schedule's slots were booked at. */
    private double scheduledRate;
    private long lastCut;
    private boolean cutBefore;
    private long throttles;
    private double peakRate;
    private int peakAccepted;
    /** Where the rate returns to quickly before probing higher slowly. */
    private double recoveryTarget;
    /** Completion times of the successes of the last second: what the service really accepts. */
    private final ArrayDeque<Long> recentSuccesses = new ArrayDeque<>();

    public AdaptiveRateLimiter(RatePolicy policy) {
        this(policy, System::nanoTime);
    }

    /** A fixed rate and burst (the ceiling, which throttling lowers for a while). */
    public AdaptiveRateLimiter(double ratePerSecond, double burst) {
        this(RatePolicy.fixed(ratePerSecond, burst), System::nanoTime);
    }

    AdaptiveRateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this(RatePolicy.fixed(ratePerSecond, burst), nanoClock);
    }

    AdaptiveRateLimiter(RatePolicy policy, LongSupplier nanoClock) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.rate = policy.start();
        this.scheduledRate = rate;
        this.peakRate = rate;
        this.slowStart = policy.slowStart();
        this.tokens = policy.capacityAt(rate);
        this.lastRefill = nanoClock.getAsLong();
    }

    /** A booked slot: how long to wait for it, the epoch it was booked in, and the schedule it belongs to. */
    record Slot(long waitNanos, long epoch, long schedule) {
    }

    /**
     * Blocks until the caller may send one request (interruptibly: it sleeps).
     *
     * @return the epoch the request is admitted in, to give to {@link #onThrottled(long)}
     */
    public long acquire() throws InterruptedException {
        while (true) {
            Slot slot = book();
            if (slot.waitNanos() <= 0) {
                return slot.epoch();
            }
            lock.lock();
            try {
                long left = slot.waitNanos();
                while (schedule == slot.schedule() && left > 0) {
                    left = rescheduled.awaitNanos(left);
                }
                if (schedule == slot.schedule()) {
                    return slot.epoch();
                }
            } finally {
                lock.unlock();
            }
            // The rate changed while we slept: that slot was booked at the old rate; book one at the new rate.
        }
    }

    /** Takes a token (possibly going into debt) and returns how long the caller must wait for it. */
    long reserve() {
        return book().waitNanos();
    }

    Slot book() {
        lock.lock();
        try {
            refill();
            tokens -= 1;
            return new Slot(tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9), epoch, schedule);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The service said "slow down" to a request admitted in {@code admittedEpoch}: cut the rate to just under what
     * the service accepted, end slow start, drop the burst allowance and the slots booked at the old rate.
     */
    public void onThrottled(long admittedEpoch) {
        lock.lock();
        try {
            throttles++;
            long now = nanoClock.getAsLong();
            if (admittedEpoch < epoch || (cutBefore && now - lastCut < SETTLE_NANOS)) {
                return;
            }
            refill();
            forgetSuccessesBefore(now - WINDOW_NANOS);
            double accepted = recentSuccesses.size();
            boolean repeated = cutBefore && now - lastCut < WINDOW_NANOS;
            double cut = accepted >= 1 ? accepted * 0.9 : rate / 2;
            if (repeated) {
                cut = Math.min(cut, rate * REPEATED_CUT);
            }
            double newRate = Math.max(MIN_RATE, Math.min(rate, cut));
            if (slowStart) {
                // The rate was only ever a guess growing towards the limit: hold just under what was accepted.
                slowStart = false;
                recoveryTarget = newRate;
            } else if (repeated) {
                recoveryTarget = Math.min(recoveryTarget, rate * 0.95);
            } else {
                recoveryTarget = rate * 0.95;
            }
            rate = newRate;
            epoch++;
            lastCut = now;
            cutBefore = true;
            reschedule();
        } finally {
            lock.unlock();
        }
    }

    /** A request went through: grow the rate (fast in slow start and below the recovery target, gently above it). */
    public void onSuccess() {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            recentSuccesses.addLast(now);
            forgetSuccessesBefore(now - WINDOW_NANOS);
            int accepted = recentSuccesses.size();
            peakAccepted = Math.max(peakAccepted, accepted);
            if (rate >= policy.ceiling()) {
                return;
            }
            double next;
            if (slowStart) {
                // Only grow on evidence: a bucket with little to do must not talk itself up to the ceiling.
                next = Math.max(rate, Math.min(rate + SLOW_START_STEP, 2.0 * accepted));
            } else if (rate < recoveryTarget) {
                // Close a 1/rate share of the gap per success (about 63% per second).
                next = rate + Math.max(1.0 / rate, (recoveryTarget - rate) / rate);
            } else {
                next = rate + 1.0 / rate;
            }
            rate = Math.min(policy.ceiling(), next);
            peakRate = Math.max(peakRate, rate);
            if (rate >= scheduledRate * RESCHEDULING_GROWTH) {
                refill();
                if (tokens < 0) {
                    reschedule();
                } else {
                    scheduledRate = rate;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public double currentRate() {
        return read(() -> rate);
    }

    /** The highest rate this limiter allowed. */
    public double peakRate() {
        return read(() -> peakRate);
    }

    /** The most successes in any one second: the rate the service was actually seen to accept. */
    public int peakAccepted() {
        return read(() -> peakAccepted);
    }

    public boolean inSlowStart() {
        return read(() -> slowStart);
    }

    public long throttles() {
        return read(() -> throttles);
    }

    private <T> T read(java.util.function.Supplier<T> field) {
        lock.lock();
        try {
            return field.get();
        } finally {
            lock.unlock();
        }
    }

    public RatePolicy policy() {
        return policy;
    }

    /** Drops the slots booked so far (the sleepers book again, at the current rate) and wakes the sleepers. */
    private void reschedule() {
        tokens = 0;
        schedule++;
        scheduledRate = rate;
        rescheduled.signalAll();
    }

    private void forgetSuccessesBefore(long cutoff) {
        while (!recentSuccesses.isEmpty() && recentSuccesses.peekFirst() < cutoff) {
            recentSuccesses.removeFirst();
        }
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(policy.capacityAt(rate), tokens + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
    }
}
