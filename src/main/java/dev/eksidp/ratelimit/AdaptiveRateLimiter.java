package dev.eksidp.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket for one (account, region) or one STS caller that adapts to throttling (AIMD).
 *
 * <p>Callers reserve a slot and sleep until it comes, so waiting costs no lock and, on virtual threads, no
 * platform thread. A throttle sets the rate to 90% of what the service actually accepted over the last second
 * (or halves it when nothing got through), once per second so a burst of 429s from one overshoot counts once.
 * Successes bring it back quickly to just under the rate that was last throttled, then probe above it by about
 * one request per second per second. A configured rate that is too high costs a
 * few throttles instead of a storm, and the rate climbs back to the configured ceiling when the service allows.
 */
public final class AdaptiveRateLimiter {

    private static final double MIN_RATE = 0.2;
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private final double maxRate;
    private final double maxBurst;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();

    private double rate;
    private double tokens;
    private long lastRefill;
    private long decreaseHoldUntil;
    private long throttles;
    /** 95% of the rate at the last throttle: where the rate returns to quickly before probing higher slowly. */
    private double recoveryTarget;
    /** Completion times of the successes of the last second: what the service really accepts. */
    private final ArrayDeque<Long> recentSuccesses = new ArrayDeque<>();

    public AdaptiveRateLimiter(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    AdaptiveRateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.maxRate = ratePerSecond;
        this.maxBurst = burst;
        this.nanoClock = nanoClock;
        this.rate = ratePerSecond;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Blocks until the caller may send one request. */
    public void acquire() throws InterruptedException {
        long waitNanos = reserve();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** Takes a token (possibly going into debt) and returns how long the caller must wait for it. */
    long reserve() {
        lock.lock();
        try {
            refill();
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
        } finally {
            lock.unlock();
        }
    }

    /** The service said "slow down": halve the rate and drop the burst allowance. */
    public void onThrottled() {
        lock.lock();
        try {
            throttles++;
            long now = nanoClock.getAsLong();
            if (now < decreaseHoldUntil) {
                return;
            }
            refill();
            forgetSuccessesBefore(now - WINDOW_NANOS);
            double accepted = recentSuccesses.size();
            recoveryTarget = rate * 0.95;
            rate = Math.max(MIN_RATE, Math.min(rate, accepted >= 1 ? accepted * 0.9 : rate / 2));
            tokens = Math.min(tokens, 0);
            // Requests already sent at the old rate will keep bouncing for about a second; one decrease covers them.
            decreaseHoldUntil = now + Duration.ofSeconds(1).toNanos();
        } finally {
            lock.unlock();
        }
    }

    /** A request went through: grow the rate by about one request per second, per second of successes. */
    public void onSuccess() {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            recentSuccesses.addLast(now);
            forgetSuccessesBefore(now - WINDOW_NANOS);
            if (rate < maxRate) {
                // Below the last rate that was fine, close a 1/rate share of the gap per success (about 63% per
                // second): a cut measured in a quiet second must not cost many seconds. Above it, probe gently.
                double step = rate < recoveryTarget ? Math.max(1.0 / rate, (recoveryTarget - rate) / rate) : 1.0 / rate;
                rate = Math.min(maxRate, rate + step);
            }
        } finally {
            lock.unlock();
        }
    }

    public double currentRate() {
        lock.lock();
        try {
            return rate;
        } finally {
            lock.unlock();
        }
    }

    public long throttles() {
        lock.lock();
        try {
            return throttles;
        } finally {
            lock.unlock();
        }
    }

    private void forgetSuccessesBefore(long cutoff) {
        while (!recentSuccesses.isEmpty() && recentSuccesses.peekFirst() < cutoff) {
            recentSuccesses.removeFirst();
        }
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        double capacity = Math.max(1, maxBurst * rate / maxRate);
        tokens = Math.min(capacity, tokens + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
    }
}
